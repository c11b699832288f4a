"""How text is marked up on one platform. People's words are data, never markup: every value a
template prints is escaped unless a filter here made it markup on purpose."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


class Markup(str):
    """Text that is already safe markup for the dialect that made it."""

    __slots__ = ()


@dataclass(frozen=True)
class Dialect:
    name: str
    escape: Callable[[str], str]
    bold_markup: Callable[[str], str]  # receives escaped text
    mention_markup: Callable[[str], str]  # receives a validated platform user id
    user_id_pattern: re.Pattern[str]

    def safe(self, value: object) -> str:
        """What a template prints for `value`: markup as is, anything else escaped."""
        if isinstance(value, Markup):
            return value
        return self.escape("" if value is None else str(value))

    def bold(self, text: object) -> Markup:
        return Markup(self.bold_markup(self.safe(text)))

    def mention(self, user_id: str, fallback: str) -> Markup:
        """A mention of a platform user, or just the escaped fallback name if the id is odd."""
        if self.user_id_pattern.fullmatch(user_id):
            return Markup(self.mention_markup(user_id))
        return Markup(self.safe(fallback))


PLAIN = Dialect(
    name="plain",
    escape=lambda text: text,
    bold_markup=lambda text: text,
    mention_markup=lambda user_id: f"@{user_id}",
    user_id_pattern=re.compile(r"[\w.-]{1,64}"),
)
