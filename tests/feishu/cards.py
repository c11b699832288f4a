"""Reading cards the way a person sees them, for assertions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from adapters.feishu.dialect import unescape


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if "tag" in node:
            yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def shown_text(card: dict[str, Any]) -> str:
    """The card's markdown as a reader sees it."""
    return "\n".join(
        unescape(e["content"]) for e in _walk(card.get("body", card)) if e["tag"] == "markdown"
    )


def buttons(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each button's label → the callback value it sends."""
    return {
        e["text"]["content"]: e["behaviors"][0]["value"]
        for e in _walk(card)
        if e["tag"] == "button"
    }


def inputs(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in _walk(card) if e["tag"] in ("input", "checker")]
