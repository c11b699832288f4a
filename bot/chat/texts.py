"""Chat text from Jinja2 templates, one file per message kind and locale
(`bot/templates/<locale>/<kind>.j2`), each holding named blocks for the pieces of a message.

Every printed value goes through the dialect's escaping (`finalize`); only the `bold` and
`mention` filters make markup. Nothing is built at import time: adapters build one `Texts` per
dialect and keep it."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial

from jinja2 import Environment, PackageLoader, StrictUndefined

from bot.chat.dialect import PLAIN, Dialect, Markup
from bot.chat.messages import bar
from bot.model import Locale


def number(value: float) -> str:
    """45000 → 45,000; 2.6 → 2.6; 99.95 → 99.95."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def percent(share: float) -> str:
    return f"{round(share * 100)}%"


def out_of_ten(confidence: float | None) -> str:
    """A confidence as people say it: 0.7 → 7/10."""
    return "–" if confidence is None else f"{round(confidence * 10):g}/10"


Say = Callable[..., str]


class Texts:
    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self._env = Environment(
            loader=PackageLoader("bot", "templates"),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,
            finalize=dialect.safe,
        )
        self._env.filters.update(
            number=number,
            percent=percent,
            bar=bar,
            out_of_ten=out_of_ten,
            bold=dialect.bold,
            mention=dialect.mention,
        )

    def say(self, locale: Locale, kind: str, block: str, **context: object) -> str:
        """One named block of `<locale>/<kind>.j2`, without surrounding line breaks (leading
        spaces stay: they indent)."""
        template = self._env.get_template(f"{locale.value}/{kind}.j2")
        render = template.blocks[block]
        return "".join(render(template.new_context(dict(context)))).strip("\n")

    def voice(self, locale: Locale, kind: str) -> Say:
        """`say` with the locale and message kind filled in."""
        return partial(self.say, locale, kind)

    def markup(self, text: str) -> Markup:
        """Already rendered text, to embed in another template without escaping it twice."""
        return Markup(text)


@cache
def _plain_texts() -> Texts:
    return Texts(PLAIN)


def plain_english(kind: str, block: str, **context: object) -> str:
    """English plain text, for the command line and logs."""
    return _plain_texts().say(Locale.EN, kind, block, **context)
