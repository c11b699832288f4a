"""Slack's markup in what people send, translated to the neutral text the core reads.

Mentions become `<@U…>` (slash commands may carry `<@U…|name>`), channel and special mentions
their plain names, links their label, and Slack's `&amp;` `&lt;` `&gt;` the characters typed."""

from __future__ import annotations

import re

from adapters.slack.dialect import unescape

_TOKEN = re.compile(r"<([^<>]*)>")
_USER = re.compile(r"@([UW][A-Z0-9]+)(?:\|[^>]*)?")


def neutral_text(text: str) -> str:
    """`<@U1|mia> said <!here> &lt;3` → `<@U1> said @here <3`."""
    return unescape(_TOKEN.sub(_translate, text))


def _translate(match: re.Match[str]) -> str:
    inner = match.group(1)
    user = _USER.fullmatch(inner)
    if user:
        return f"<@{user.group(1)}>"
    target, _, label = inner.partition("|")
    if target.startswith("#"):  # a channel: <#C123|general>
        return f"#{label}" if label else target
    if target.startswith("!"):  # <!here>, <!channel>, <!subteam^S1|@team>, <!date^…|fallback>
        if label:
            return label
        return "@" + target[1:].split("^")[0]
    return label or target  # a link: <https://…|label>
