"""Final self-scores as people write them at the quarter's end: "KR1 0.6, KR2 1.0",
"KR1 0.6分", "1. 0.7 2. 0.5", "第二个KR 0.8", "KR3 7/10", "KR1 60%". A score is 0..1; on a
ten-point scale ("7分", "7/10") it is divided by ten. Only scores are read: nothing here is a
KR's value."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.parser.numbers import find_numerals
from bot.parser.references import Reference, explicit_references, list_markers

_OUT_OF_TEN = re.compile(r"^\s*(?:/\s*10|分|points?)", re.IGNORECASE)
_PERCENT = re.compile(r"^\s*%")


@dataclass(frozen=True)
class ReadScores:
    scores: tuple[tuple[int, float], ...]  # (KR number as listed, 1-based; the score as written)
    unplaced: tuple[str, ...]  # parts that name no KR, or a KR without a number


def read_scores(text: str, count: int) -> ReadScores:
    """The scores a reply gives the `count` KRs a scoring prompt listed. A reply with one
    number and no KR named scores a prompt of one KR."""
    references = _references(text)
    if not references:
        numbers = find_numerals(text)
        if count == 1 and len(numbers) == 1:
            return ReadScores(((1, _score(text, numbers[0].value, numbers[0].end)),), ())
        return ReadScores((), (text.strip(),) if text.strip() else ())
    scores: list[tuple[int, float]] = []
    unplaced: list[str] = []
    for here, following in zip(references, [*references[1:], None], strict=True):
        end = following.start if following else len(text)
        clause = text[here.end : end]
        numbers = find_numerals(clause)
        if not numbers:
            unplaced.append(text[here.start : end].strip(" ,;，；。"))
            continue
        first = numbers[0]
        scores.append((here.number, _score(clause, first.value, first.end)))
    return ReadScores(tuple(scores), tuple(unplaced))


def _references(text: str) -> list[Reference]:
    explicit = explicit_references(text)
    if explicit:
        return explicit
    found: list[Reference] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        found += list_markers(line, offset)
        offset += len(line)
    return found


def _score(clause: str, value: float, end: int) -> float:
    after = clause[end:]
    if _PERCENT.match(after):
        return value / 100
    if _OUT_OF_TEN.match(after) and value > 1:
        return value / 10
    return value
