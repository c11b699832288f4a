"""Chat text from Jinja2 templates, one file per message kind and locale
(`bot/templates/<locale>/<kind>.j2`), each holding named blocks for the pieces of a message.

Every printed value goes through the dialect's escaping (`finalize`); only the `bold` and
`mention` filters make markup. Nothing is built at import time: adapters build one `Texts` per
dialect and keep it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, MutableMapping
from functools import cache, partial
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from jinja2.runtime import Context, new_context

from bot.dialect import PLAIN, Dialect, Markup
from bot.messages import bar
from bot.model import Locale


def number(value: float) -> str:
    """45000 → 45,000; 2.6 → 2.6; 99.95 → 99.95."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def percent(share: float) -> str:
    return f"{round(share * 100)}%"


def shorten(text: str, width: int) -> str:
    """At most `width` characters: what people typed, cut with "…" (whatever the script, where
    `textwrap.shorten` drops a whole run of Chinese)."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def out_of_ten(confidence: float | None) -> str:
    """A confidence as people say it: 0.7 → 7/10."""
    return "–" if confidence is None else f"{round(confidence * 10):g}/10"


Say = Callable[..., str]
BlockRender = Callable[[Context], Iterator[str]]


class _Environment(Environment):
    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        # A plain dict rather than Jinja's ChainMap: every rendered block copies its template's
        # globals, and a fan-out renders thousands of them. Our globals never change after
        # the environment is built.
        return {**self.globals, **(d or {})}


class Texts:
    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self._blocks: dict[tuple[str, str], tuple[Template, dict[str, BlockRender]]] = {}
        self._fixed: dict[tuple[Locale, str, str], str] = {}
        self._loading = threading.Lock()
        self._env = _Environment(
            loader=PackageLoader("bot", "templates"),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,
            finalize=dialect.safe,
            auto_reload=False,  # templates ship with the code: no stat() per message
        )
        self._env.filters.update(
            number=number,
            percent=percent,
            bar=bar,
            out_of_ten=out_of_ten,
            shorten=shorten,
            bold=dialect.bold,
            mention=dialect.mention,
        )

    def say(self, locale: Locale, kind: str, block: str, **context: object) -> str:
        """One named block of `<locale>/<kind>.j2`, without surrounding line breaks (leading
        spaces stay: they indent)."""
        if context:
            return self._render(f"{locale.value}/{kind}.j2", block, context)
        # A block without variables (a button label, a heading) is rendered once.
        key = (locale, kind, block)
        fixed = self._fixed.get(key)
        if fixed is None:
            fixed = self._fixed[key] = self._render(f"{locale.value}/{kind}.j2", block, {})
        return fixed

    def _render(self, name: str, block: str, context: dict[str, Any]) -> str:
        found = self._blocks.get((name, block))
        if found is None:
            with self._loading:  # sender threads starting together compile a template once
                template = self._env.get_template(name)
                found = self._blocks[name, block] = (template, {block: template.blocks[block]})
        template, only = found
        # A context knowing only this block: Jinja copies every block of the file into each
        # new context, and a fan-out renders thousands (no block of ours calls another).
        render = new_context(self._env, name, only, context, globals=template.globals)
        return "".join(only[block](render)).strip("\n")

    def voice(self, locale: Locale, kind: str) -> Say:
        """`say` with the locale and message kind filled in."""
        return partial(self.say, locale, kind)

    def markup(self, text: str) -> Markup:
        """Already rendered text, to embed in another template without escaping it twice."""
        return Markup(text)


@cache
def _plain_texts() -> Texts:
    return Texts(PLAIN)


def plain(locale: Locale, kind: str, block: str, **context: object) -> str:
    """Plain text, nothing escaped: for images (a chart) and the command line."""
    return _plain_texts().say(locale, kind, block, **context)


def plain_english(kind: str, block: str, **context: object) -> str:
    """English plain text, for the command line and logs."""
    return plain(Locale.EN, kind, block, **context)
