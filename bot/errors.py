"""Refusals the core gives: a stable code, and the facts behind it.

The wording lives in the templates (`bot/templates/<locale>/errors.j2`, one block per code);
`str()` gives the English, for the command line and logs."""

from __future__ import annotations

from bot.texts import plain_english


class OkrError(Exception):
    """A request the core refuses. Nothing was changed."""

    def __init__(self, code: str, **facts: object) -> None:
        super().__init__(code)
        self.code = code
        self.facts = facts

    def __str__(self) -> str:
        return plain_english("errors", self.code, **self.facts)
