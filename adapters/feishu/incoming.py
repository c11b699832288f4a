"""What a Feishu message says, in the core's terms: `@_user_N` placeholders become
`<@open_id>` mentions, and the bot's own mention is dropped."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

_PLACEHOLDER = re.compile(r"@_user_\d+")


@dataclass(frozen=True)
class Said:
    text: str
    mentions_bot: bool


def text_of(content: str | None, mentions: Sequence[Any] | None) -> Said | None:
    """The text of a `text` message's content, or None if it holds no text."""
    try:
        body = json.loads(content or "")
    except ValueError:
        return None
    raw = body.get("text") if isinstance(body, dict) else None
    if not isinstance(raw, str):
        return None
    by_key: dict[str, str] = {}
    mentions_bot = False
    for mention in mentions or ():
        key = getattr(mention, "key", None)
        if not key:
            continue
        if getattr(mention, "mentioned_type", None) == "bot":
            by_key[key], mentions_bot = "", True
            continue
        ids = getattr(mention, "id", None)
        open_id = getattr(ids, "open_id", None) if ids else None
        by_key[key] = f"<@{open_id}>" if open_id else (getattr(mention, "name", None) or "")
    text = _PLACEHOLDER.sub(lambda m: by_key.get(m[0], m[0]), raw)
    lines = (" ".join(line.split()) for line in text.splitlines())
    return Said("\n".join(line for line in lines if line), mentions_bot)
