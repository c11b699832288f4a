"""The six families of reading mistakes of issue 17, and the list confidence and "nothing
changed" conventions, as labelled cases in domains the dev corpus does not use.

Each line of `families.jsonl` is a check-in (`krs`), a reply (`text`), the behaviour it pins
(`behaviour`, the test's name), its `family` (1-6, or the convention) and language, and what
must be read, in the shape of `replies.jsonl`.
"""

import json
from pathlib import Path
from typing import Any

import pytest

from tests.parser.test_replies import read, rounded

CASES: list[dict[str, Any]] = [
    json.loads(line)
    for line in (Path(__file__).parent / "families.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
FAMILIES = (1, 2, 3, 4, 5, 6, "list-confidence", "unchanged")


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{c['family']}-{c['lang']}: {c['behaviour']}" for c in CASES]
)
def test_reply_is_read_as_expected(case: dict[str, Any]) -> None:
    assert rounded(read(case)) == rounded(case["expect"])


@pytest.mark.parametrize("family", FAMILIES)
def test_every_family_has_english_and_chinese_cases(family: object) -> None:
    assert {case["lang"] for case in CASES if case["family"] == family} == {"en", "zh"}
