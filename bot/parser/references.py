"""KRs named by number: `KR2`, `kr 2`, `KR#2`, `#2`, `第二个KR`, `second KR`, and positions in a
numbered list (`1. …`, `1) …`, `(1) …`, `1、…`). Numbers are as written, 1-based; whether such
a KR exists is decided by the caller."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from bot.parser.numbers import chinese_numeral_value


@dataclass(frozen=True)
class Reference:
    start: int
    end: int
    number: int


_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "5th": 5,
    "6th": 6,
}
_EXPLICIT = re.compile(
    # KR2, kr 2, KR#2, KR-2, O1KR2, key result 2; not the start of a decimal (KR 2.5)
    r"(?<![a-z])(?:kr|key\s*results?)\s*[#\-_]?\s*(?P<kr>\d{1,2})(?![\d%]|\.\d)"
    r"|(?<![\w&#])#\s?(?P<hash>\d{1,2})(?![\d.%])"
    r"|第\s*(?P<nth>[一二三四五六七八九十\d]{1,3})\s*(?:(?:个|项|条)?\s*(?:kr|关键结果)"
    r"|(?:个|项|条)(?=\s*[:,]|\s*$))"
    r"|\b(?P<ordinal>first|second|third|fourth|fifth|sixth|1st|2nd|3rd|4th|5th|6th)"
    r"\s+(?:kr|key\s+result)\b",
    re.IGNORECASE,
)
# A numbered list: at the start of a line `1.` (then a space), `1)`, `(1)`, `1、` or `一、`.
_LINE_MARKER = re.compile(
    r"\s*(?:[-*•·]\s*)?(?:\(\s*(?P<paren>\d{1,2})\s*\)|(?P<num>\d{1,2})(?:\.(?=\s)|\)|、|:(?=\s))"
    r"|(?P<cjk>[一二三四五六七八九十])、)"
)
# Later items of a list written on one line: "1) 111k 2) 18 3) 99.75", "1. 4次 2. 60%".
_INLINE_MARKER = re.compile(
    r"(?<=[\s;,。])(?:\(\s*(?P<paren>\d{1,2})\s*\)|(?P<num>\d{1,2})(?:[)、]|\.(?=\s)))"
)


def explicit_references(text: str) -> list[Reference]:
    found = []
    for match in _EXPLICIT.finditer(text):
        raw = match.group("kr") or match.group("hash") or match.group("nth")
        if raw is None:
            number = _ORDINALS[match.group("ordinal").lower()]
        elif raw.isdigit():
            number = int(raw)
        else:
            value = chinese_numeral_value(raw)
            if value is None:
                continue
            number = int(value)
        found.append(Reference(match.start(), match.end(), number))
    return found


def list_markers(line: str, offset: int) -> list[Reference]:
    """The numbered-list markers of one line, with offsets shifted by `offset`.

    A line that starts with a marker may carry later items inline; without a leading marker,
    inline ones count only when there are two or more in increasing order.
    """
    markers = []
    first = _LINE_MARKER.match(line)
    if first:
        markers.append(_marker(first, offset))
    inline = []
    depth, counted = 0, 0
    for match in _INLINE_MARKER.finditer(line, first.end() if first else 0):
        depth += line.count("(", counted, match.start()) - line.count(")", counted, match.start())
        counted = match.start()
        if depth <= 0:  # "(up 2)" is no list item
            inline.append(_marker(match, offset))
    numbers = [marker.number for marker in [*markers, *inline]]
    increasing = all(a < b for a, b in pairwise(numbers))
    if increasing and (first or len(inline) >= 2):
        markers.extend(inline)
    return markers


def _marker(match: re.Match[str], offset: int) -> Reference:
    raw = match.group("paren") or match.group("num")
    number = int(raw) if raw else "一二三四五六七八九十".index(match.group("cjk")) + 1
    return Reference(match.start() + offset, match.end() + offset, number)
