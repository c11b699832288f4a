"""Replies written to the conventions of DESIGN.md for KRs of many kinds, in both languages.

Each line of `replies.jsonl` and `generalisation.jsonl` is a check-in (`krs`), a reply (`text`)
and what must be read (`expect`: `skipped`, the reply `confidence`, and per KR `value`,
`confidence`, `blocked`). A KR absent from `expect.updates` must get no value, confidence or
blocked mark. `generalisation.jsonl` holds other KR sets (sales, support, hiring, infra, finance,
content, apps) and other wordings than the first file, so the parser is held to the conventions
rather than to one set of phrasings.
"""

import json
from pathlib import Path
from typing import Any

import pytest

from bot.parser import KeyResultRef, parse_reply

FILES = ("replies.jsonl", "generalisation.jsonl")
CASES: list[tuple[str, dict[str, Any]]] = [
    (name, json.loads(line))
    for name in FILES
    for line in (Path(__file__).parent / name).read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def read(case: dict[str, Any]) -> dict[str, object]:
    """What the parser read, in the shape of `expect`."""
    krs = [KeyResultRef.from_contract(kr) for kr in case["krs"]]
    reply = parse_reply(case["text"], krs)
    updates: dict[str, dict[str, object]] = {}
    for update in reply.updates:
        said: dict[str, object] = {}
        if update.value is not None:
            said["value"] = update.value
        if update.confidence is not None:
            said["confidence"] = update.confidence
        if update.blocked:
            said["blocked"] = True
        if said:
            updates[update.kr] = said
    return {"skipped": reply.skipped, "confidence": reply.confidence, "updates": updates}


def rounded(said: Any) -> Any:
    """Numbers to 6 decimals: 100 minutes for an hours KR is 1.666667 either way."""
    if isinstance(said, dict):
        return {key: rounded(value) for key, value in said.items()}
    if isinstance(said, float):
        return round(said, 6)
    return said


@pytest.mark.parametrize(
    "case",
    [case for _, case in CASES],
    ids=[f"{name.split('.')[0]}:{case['text']}" for name, case in CASES],
)
def test_reply_is_read_as_expected(case: dict[str, Any]) -> None:
    assert rounded(read(case)) == rounded(case["expect"])
