"""Replies written to the conventions of DESIGN.md for KRs of many kinds, in both languages.

Each line of `replies.jsonl` is a check-in (`krs`), a reply (`text`) and what must be read
(`expect`: `skipped`, the reply `confidence`, and per KR `value`, `confidence`, `blocked`).
A KR absent from `expect.updates` must get no value, confidence or blocked mark.
"""

import json
from pathlib import Path

import pytest

from bot.parser import KeyResultRef, parse_reply

CASES = [json.loads(line) for line in
         (Path(__file__).parent / "replies.jsonl").read_text(encoding="utf-8").splitlines()
         if line.strip()]


def read(case: dict[str, object]) -> dict[str, object]:
    """What the parser read, in the shape of `expect`."""
    krs = [KeyResultRef.from_contract(kr) for kr in case["krs"]]  # type: ignore[attr-defined]
    reply = parse_reply(str(case["text"]), krs)
    updates = {}
    for update in reply.updates:
        said = {"value": update.value, "confidence": update.confidence, "blocked": update.blocked}
        if update.value is not None or update.confidence is not None or update.blocked:
            updates[update.kr] = {key: value for key, value in said.items() if value}
    return {"skipped": reply.skipped, "confidence": reply.confidence, "updates": updates}


@pytest.mark.parametrize("case", CASES, ids=[str(case["text"]) for case in CASES])
def test_reply_is_read_as_expected(case: dict[str, object]) -> None:
    assert read(case) == case["expect"]
