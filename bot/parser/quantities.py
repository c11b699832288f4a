"""Quantities in a clause: a numeral with what is written around it — its unit (`2.4s`,
`150分钟`, `89%`, `七成`), a currency (`$5k`), a `+`, a denominator (`12/20`, `8 of 15`), and
durations written in two parts (`2小时30分钟`, `1h 30m`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot.parser.numbers import Numeral, find_numerals
from bot.parser.units import Dimension, Unit, WrittenUnit, read_unit_after


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    number: float  # scale applied: `47.5k` is 47500, `七成` is 70 (percent)
    written: WrittenUnit
    scaled: bool
    sign: int = 0  # +1 or -1 when written with a sign: "+3", "-0.2s", "+$50k"
    denominator: float | None = None  # 12/20, 8 of 15
    implied: bool = False  # "another customer": one, only if the noun is the KR's unit

    @property
    def dimension(self) -> Dimension | None:
        return self.written.unit.dimension if self.written.unit else None


_CURRENCY_BEFORE = re.compile(r"(?:us\$|[$¥€£]|usd|rmb|cny|eur)\s?$", re.IGNORECASE)
_PERCENT_BEFORE = re.compile(r"百分之$")
_PLUS_BEFORE = re.compile(r"\+\s?(?:us\$|[$¥€£])?\s?$", re.IGNORECASE)  # +3, +$50k
# "-0.2s", "(-30)"; not "KR 2 - 11" (a dash between words) nor "3-5" (a range).
_MINUS_BEFORE = re.compile(r"(?:^|[\s(:])-(?:us\$|[$¥€£])?$", re.IGNORECASE)
_PER = re.compile(r"\s*(?:/|(?:out\s+)?of)\s*", re.IGNORECASE)
_AND_A_HALF = re.compile(r"半|\s*and\s+a\s+half\b", re.IGNORECASE)
_DURATION_JOIN = re.compile(r"\s*(?:and\s*|零)?", re.IGNORECASE)


def find_quantities(text: str) -> list[Quantity]:
    numerals = find_numerals(text)
    found: list[Quantity] = []
    i = 0
    while i < len(numerals):
        quantity = _quantity(text, numerals[i])
        following = numerals[i + 1] if i + 1 < len(numerals) else None
        per = _PER.match(text, quantity.end) if following else None
        if following and per and per.end() == following.start:
            quantity = replace(quantity, end=following.end, denominator=following.value)
            i += 1
        found.append(quantity)
        i += 1
    return _join_durations(text, found)


def _quantity(text: str, numeral: Numeral) -> Quantity:
    before = text[max(0, numeral.start - 6) : numeral.start]
    written = read_unit_after(text, numeral.end)
    number = numeral.value
    if _PERCENT_BEFORE.search(before) or numeral.percent:
        written = WrittenUnit(Unit(Dimension.PERCENT), numeral.end, written.words)
    elif written.unit and written.unit.dimension is Dimension.PERCENT and written.unit.factor != 1:
        number *= written.unit.factor  # 七成: seven tenths, 70%
        written = replace(written, unit=Unit(Dimension.PERCENT))
    elif _CURRENCY_BEFORE.search(before) and written.ambiguous == "m":
        number *= 1_000_000  # "$2m": money settles the m, millions and not minutes
        written = replace(written, unit=Unit(Dimension.MONEY), ambiguous="")
    elif _CURRENCY_BEFORE.search(before) and (
        written.unit is None or written.unit.dimension is Dimension.WORD
    ):
        written = replace(written, unit=Unit(Dimension.MONEY))
    end = written.end
    if written.unit and written.unit.dimension is Dimension.TIME:
        half = _AND_A_HALF.match(text, end)  # 一天半, "an hour and a half"
        if half:
            number, end = number + 0.5, half.end()
    return Quantity(
        start=numeral.start,
        end=end,
        number=number,
        written=written,
        scaled=numeral.scaled,
        implied=numeral.implied,
        sign=1 if _PLUS_BEFORE.search(before) else -1 if _MINUS_BEFORE.search(before) else 0,
    )


def _join_durations(text: str, found: list[Quantity]) -> list[Quantity]:
    joined: list[Quantity] = []
    for quantity in found:
        last = joined[-1] if joined else None
        if last is not None and _minutes_then_seconds(last, quantity):
            # "12分45秒", "12m45s": a 分 or m followed by seconds can only be minutes
            minutes = WrittenUnit(
                Unit(Dimension.TIME, 60), last.written.end, quantity.written.words
            )
            joined[-1] = replace(
                last, end=quantity.end, written=minutes, number=last.number + quantity.number / 60
            )
            continue
        if last is not None and _hours_then_minutes(text, last, quantity):
            # "1h30", "2小时15": minutes with their unit left out
            joined[-1] = replace(last, end=quantity.end, number=last.number + quantity.number / 60)
            continue
        if (
            last is not None
            and last.dimension is Dimension.TIME
            and not last.written.ambiguous
            and quantity.dimension is Dimension.TIME
            and _DURATION_JOIN.fullmatch(text, last.end, quantity.start)
            and _seconds(quantity) < _seconds(last)
        ):
            unit = last.written.unit
            assert unit is not None
            extra = quantity.number * _seconds(quantity) / unit.factor
            joined[-1] = replace(last, end=quantity.end, number=last.number + extra)
            continue
        joined.append(quantity)
    return joined


def _hours_then_minutes(text: str, last: Quantity, quantity: Quantity) -> bool:
    unit = last.written.unit
    # "1h45 median now": the words after 45 are about the whole duration; "1 hour 20" too,
    # when nothing follows the 20
    adjacent = last.end == quantity.start and (
        quantity.written.unit is None or quantity.dimension is Dimension.WORD
    )
    spaced = (
        text[last.end : quantity.start].isspace()
        and quantity.written.unit is None
        and not quantity.written.words
    )
    return (
        unit is not None
        and unit.dimension is Dimension.TIME
        and unit.factor == 3600
        and not last.written.ambiguous
        and (adjacent or spaced)
        and quantity.number < 60
        and not quantity.scaled
        and not quantity.sign
        and float(quantity.number).is_integer()
    )


def _minutes_then_seconds(last: Quantity, quantity: Quantity) -> bool:
    unit = quantity.written.unit
    return (
        last.written.ambiguous != ""
        and last.end == quantity.start
        and unit is not None
        and unit.dimension is Dimension.TIME
        and unit.factor == 1
        and not quantity.written.ambiguous
        and quantity.number < 60
        and not quantity.sign
    )


def _seconds(quantity: Quantity) -> float:
    unit = quantity.written.unit
    return unit.factor if unit else 1.0
