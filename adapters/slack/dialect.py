"""Slack mrkdwn: what people typed is escaped (`&`, `<`, `>` only, as Slack asks), so a KR titled
`<!channel>` pings nobody; bold is `*text*`; a mention is `<@U…>` for real user ids only."""

from __future__ import annotations

import re

from bot.dialect import Dialect

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def escape(text: str) -> str:
    return text.translate(_ESCAPES)


def unescape(text: str) -> str:
    """Markup text back to what it reads as, for Block Kit's `plain_text` fields."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


SLACK = Dialect(
    name="slack",
    escape=escape,
    bold_markup=lambda text: f"*{text}*" if text else text,
    mention_markup=lambda user_id: f"<@{user_id}>",
    user_id_pattern=re.compile(r"[UW][A-Z0-9]+"),
)
