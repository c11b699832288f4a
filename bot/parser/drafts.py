"""A key result read from how someone words it when drafting: "Grow Discord members from 1,000
to 5,000" is a metric from 1,000 to 5,000 members, "Publish 8 tutorials" one from 0 to 8
tutorials, "Cut p95 from 3.0s to 1.5s" a falling one in seconds, and words without a number a
milestone. Numbers are read with the reply parser's own code (`47.5k`, `1.2万`, `三百`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from bot.parser.quantities import Quantity, find_quantities
from bot.parser.units import Dimension

# What joins a start to a target: "from 40k to 60k", "40k → 60k", "从1000提升到5000".
_TO = re.compile(
    r"\s*(?:to|→|->|=>|~|–|到|至|(?:提升|提高|增长|增加|降|降低|减少|缩短|压缩)到)\s*"
    r"(?:us\$|[$¥€£])?\s*",
    re.IGNORECASE,
)
_FALLING = re.compile(
    r"\b(?:cut|reduce|lower|decrease|drop|shrink|trim|halve|bring\s+down|down)\b|降|减少|缩短|压缩",
    re.IGNORECASE,
)
_CURRENCY_BEFORE = re.compile(r"(us\$|[$¥€£])\s?$", re.IGNORECASE)
_NOUN_BEFORE = re.compile(
    r"(?:([A-Za-z][A-Za-z0-9-]*)|(?:[将把让使]?([\u4e00-\u9fff]{1,6})))\s*(?:from|to|从|由)\s*(?:us\$|[$¥€£])?$",
    re.IGNORECASE,
)
# A scale letter belongs to the number only when no letter follows it: "40k" but "300ms".
_NUMBER = re.compile(r"^[\d.,\s]*(?:(?:k|mm|m)(?![a-z])|万|千|百万|亿)?", re.IGNORECASE)
_DATE_BEFORE = re.compile(
    r"\b(?:in|by|of|since|before|after|during|until|through|fy|[qh][1-4])\s*$", re.IGNORECASE
)
_STOP = {"to", "from", "by", "in", "per", "this", "for", "and", "of", "the", "a", "an", "at"}


@dataclass(frozen=True)
class DraftedKeyResult:
    """How a KR was read: a metric from `start` to `target` in `unit`, or a milestone."""

    title: str
    milestone: bool
    start: float = 0.0
    target: float = 1.0
    unit: str = ""
    start_missing: bool = False  # a falling metric named without where it starts

    @property
    def rising(self) -> bool:
        return self.target >= self.start


def read_key_result(text: str) -> DraftedKeyResult:
    title = " ".join(text.split())
    found = [q for q in find_quantities(title) if not _a_year(title, q)]
    if not found:
        return DraftedKeyResult(title, milestone=True)
    start, target = _from_to(title, found)
    falling = bool(_FALLING.search(title))
    if start is None:
        target = found[-1]
        if falling:
            return DraftedKeyResult(
                title, False, target=target.number, unit=_unit(title, target), start_missing=True
            )
        return DraftedKeyResult(title, False, 0.0, target.number, _unit(title, target))
    return DraftedKeyResult(
        title, False, _in_units_of(start, target), target.number, _unit(title, target, start)
    )


def _in_units_of(start: Quantity, target: Quantity) -> float:
    """ "from 2 hours to 30 minutes": the start in the target's unit (120)."""
    units = (start.written.unit, target.written.unit)
    if start.dimension is Dimension.TIME and target.dimension is Dimension.TIME:
        assert units[0] is not None and units[1] is not None
        return start.number * units[0].factor / units[1].factor
    return start.number


def _from_to(text: str, found: list[Quantity]) -> tuple[Quantity | None, Quantity]:
    """`from A to B`, `A → B`, `从A到B`: the pair; else no start and the last number."""
    for first, second in pairwise(found):
        if _TO.fullmatch(text[first.end : second.start]):
            return first, second
    return None, found[-1]


def _unit(text: str, target: Quantity, start: Quantity | None = None) -> str:
    """What the KR counts in, as written: after the target (`5,000 members`, `1.5s`, `60%`,
    `8篇`), a currency before it (`$8`), or the noun before `from` / `to` (`users from 40k`)."""
    dimension = target.dimension
    written = _NUMBER.sub("", text[target.start : target.end], count=1).strip()
    if dimension is Dimension.PERCENT:
        return "%"
    if dimension is Dimension.MONEY:
        before = _CURRENCY_BEFORE.search(text[: target.start])
        return before.group(1) if before else written or "$"
    if dimension in (Dimension.TIME, Dimension.COUNT) and written:
        return written
    words = [w for w in target.written.words if w.isalpha()]
    noun = []
    for word in words:
        if word in _STOP:
            break
        noun.append(word)
    if noun:
        return noun[-1]
    anchor = start or target
    before = _NOUN_BEFORE.search(text[: anchor.start])
    if before:
        return before.group(1) or before.group(2)
    return written


def _a_year(text: str, quantity: Quantity) -> bool:
    """`in 2026`, `Q4 2026`, `2026年`: a date in prose, not a target; `reach 2000 members` and
    `从2000提升到5000` are numbers."""
    raw = text[quantity.start : quantity.end]
    return (
        quantity.dimension is None
        and raw.isdigit()
        and len(raw) == 4
        and 1900 <= quantity.number <= 2100
        and bool(_DATE_BEFORE.search(text[: quantity.start]) or text.startswith("年", quantity.end))
    )
