"""Replies written to the conventions of DESIGN.md for KRs of many kinds, in both languages.

Each line of `replies.jsonl` is a check-in (`krs`), a reply (`text`) and what must be read
(`expect`: `skipped`, the reply `confidence`, and per KR `value`, `confidence`, `blocked`).
A KR absent from `expect.updates` must get no value, confidence or blocked mark.
"""

import json
from pathlib import Path
from typing import Any

import pytest

from bot.parser import KeyResultRef, parse_reply

CASES: list[dict[str, Any]] = [
    json.loads(line)
    for line in (Path(__file__).parent / "replies.jsonl").read_text(encoding="utf-8").splitlines()
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


@pytest.mark.parametrize("case", CASES, ids=[str(case["text"]) for case in CASES])
def test_reply_is_read_as_expected(case: dict[str, Any]) -> None:
    assert read(case) == case["expect"]
