"""How Feishu card markdown marks up text. People's words are shown, never interpreted: every
character card markdown gives a meaning to becomes an HTML entity, which cards display as is."""

from __future__ import annotations

import re

from bot.dialect import Dialect

NAME = "feishu"

# What card markdown reads as markup: emphasis, links and images, headings, lists, quotes,
# code, tables, `<at>`/`<font>` tags, emoji shortcodes (`:DONE:`) and escapes.
_SPECIAL = frozenset("&<>*_~`[]()#+-!|\\:{}$\"'")
OPEN_ID = re.compile(r"ou_[A-Za-z0-9_]{1,64}")


def escape(text: str) -> str:
    return "".join(f"&#{ord(c)};" if c in _SPECIAL else c for c in text)


def unescape(markup: str) -> str:
    """Card markdown back to what a reader sees (for plain-text places such as button labels,
    and for tests): entities decoded, `**bold**` unmarked, mentions as `@open_id`."""
    plain = re.sub(r"\*\*(.*?)\*\*", r"\1", markup)
    plain = re.sub(r"<at id=(ou_[A-Za-z0-9_]+)></at>", r"@\1", plain)
    return re.sub(
        r"&#(\d+);",
        lambda m: chr(int(m[1])),
        plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"),
    )


FEISHU = Dialect(
    name=NAME,
    escape=escape,
    bold_markup=lambda text: f"**{text}**",
    mention_markup=lambda user_id: f"<at id={user_id}></at>",
    user_id_pattern=OPEN_ID,
)
