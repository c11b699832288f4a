"""Numbers as people type them: `1,200`, `47.5k`, `2.2M`, `1.5 million`, `twelve`, `三百万`,
`十二`, `1.2万`, `半小时`, `three quarters`, `三分之二`. Units and meaning are read elsewhere;
this module only finds numerals."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Numeral:
    start: int
    end: int
    value: float
    scaled: bool  # a scale was written (k, M, 万, thousand): `value` already includes it
    percent: bool = False  # a fraction in words: "three quarters", "三分之二"
    implied: bool = False  # not written: the one of "another customer"


_SCALES = {
    "k": 1e3,
    "K": 1e3,
    "M": 1e6,
    "MM": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "bn": 1e9,
    "千": 1e3,
    "万": 1e4,
    "百万": 1e6,
    "千万": 1e7,
    "亿": 1e8,
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "grand": 1e3,
}
# Not inside a word or another number: the 95 of `p95` and the 8 of `k8s` are names, but the
# 30 of `2h30m` counts. A lone lower-case `m` is left to the units (minutes or million,
# depending on the KR).
_DIGITS = re.compile(
    r"(?:(?<![A-Za-z0-9_.])|(?<=\d[hm]))"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?<!\d)\.\d+)"
    r"(?:(?P<latin>k|K|MM|M|mln|mn|bn)(?![A-Za-z])|(?P<cjk>百万|千万|千|万|亿)"
    r"|\s(?P<word>hundred|thousand|million|billion|grand|mn|mln|bn)\b)?"
)

_EN_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
    "couple": 2,
}
_EN_WORD = "|".join([*_EN_UNITS, "hundred", "thousand", "million", "billion"])
_EN_WORDS = re.compile(
    rf"\b(?:a\s+)?(?:{_EN_WORD})(?:(?:\s+and\s+|[\s-]+)(?:{_EN_WORD}))*\b", re.IGNORECASE
)
# "one" is mostly a pronoun ("the mobile one"); it counts only as in "one more".
_LONE_ONE = re.compile(r"(?:a\s+)?one", re.IGNORECASE)
_ONE_COUNTS = re.compile(r"\s+(?:more|new|additional|extra)\b", re.IGNORECASE)
# "another customer" is one more; "another one" too.
_ANOTHER = re.compile(
    rf"\banother\s+(?:(?P<one>one)\b|(?!(?:{_EN_WORD})\b)(?=[a-z]))", re.IGNORECASE
)

_CJK_DIGIT = "零〇一二两三四五六七八九十"
_CJK_DIGITS = frozenset(_CJK_DIGIT)
_EN_HINT = re.compile(
    r"one|two|thr|four|five|six|seven|eight|nine|ten|eleven|twel|teen|ty\b"
    r"|dozen|couple|hundred|thousand|million|billion|zero"
)
_CJK = re.compile(
    rf"[{_CJK_DIGIT}百千万亿]*[{_CJK_DIGIT}][{_CJK_DIGIT}百千万亿]*(?:点[{_CJK_DIGIT}]+)?"
)
# Numeral characters inside ordinary words, dates and ordinals: 一些, 一直, 万一, 十分满意,
# 第一, 三月, 二期, 周一.
_CJK_NOT_AFTER = re.compile(r"(?:第|星期|礼拜|周|统|唯|万|(?<!百分)之)$")
_CJK_NOT_BEFORE = re.compile(
    r"(?:些|下|直|起|样|定|般|致|切|旦|期|季|月|号|日|年|楼|层|线|轮|级|方|手|足|对|共|半|分之"
    rf"|部分|点(?![{_CJK_DIGIT}]))"
)
_CJK_VERY = re.compile(r"分(?!钟)[\u4e00-\u9fff]")  # 十分满意: "very"; 四十分钟 is minutes
_TIME_WORD = r"(?:hours?|hrs?|days?|weeks?|months?|minutes?|mins?|years?)\b"
# Halves of a time: 半小时, 一个半小时, 半天, "half an hour", "two and a half hours"; the "an"
# of "an hour and a half" is one (the half is added where the unit is read).
_HALF = re.compile(
    rf"(?:(?P<whole>[{_CJK_DIGIT}]+|\d+)个)?半(?=个?(?:小时|钟头|天|月|年|周|星期))"
    r"|\bhalf\s+an?(?=\s+(?:hour|day|week|month|year)\b)"
    r"|\b(?P<whole_en>\d+|one|two|three|four|five|six)"
    rf"\s+and\s+a\s+half(?=\s+{_TIME_WORD})"
    rf"|\b(?P<one>an?)(?=\s+{_TIME_WORD}\s*and\s+a\s+half\b)",
    re.IGNORECASE,
)
# Fractions in words: "three quarters", "two thirds", 三分之二.
_FRACTION = re.compile(
    r"\b(?P<count>a|one|two|three)[\s-]+(?P<part>quarters?|thirds?)\b"
    rf"|(?P<whole_zh>[{_CJK_DIGIT}]+|\d+)分之(?P<part_zh>[{_CJK_DIGIT}]+|\d+)",
    re.IGNORECASE,
)
_FRACTION_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "quarter": 4, "third": 3}


def find_numerals(text: str) -> list[Numeral]:
    """Every numeral in `text`, in order, not overlapping."""
    lowered = text.lower()
    found = _digits(text)
    # The rarer forms are looked for only when a telltale is there: replies are read in bulk.
    if "半" in text or "half" in lowered:
        found += _halves(text)
    if "分之" in text or "quarter" in lowered or "third" in lowered:
        found += _fractions(text)
    if not text.isascii() and not _CJK_DIGITS.isdisjoint(text):
        found += _chinese(text)
    if _EN_HINT.search(lowered):
        found += _english(text)
    if "another" in lowered:
        found += _another(text)
    found.sort(key=lambda numeral: (numeral.start, numeral.start - numeral.end))
    kept: list[Numeral] = []
    for numeral in found:  # "three quarters" is one numeral, not "three"
        if not kept or numeral.start >= max(kept[-1].end, kept[-1].start + 1):
            kept.append(numeral)
    return kept


def chinese_numeral_value(numeral: str) -> float | None:
    """`十二` → 12, `三百万` → 3000000, `三点五` → 3.5; None if it is not a well-formed one."""
    # Imported here: cn2an builds its tables when imported, and nothing may happen when the
    # parser is imported.
    import cn2an  # type: ignore[import-untyped]

    try:
        value = cn2an.cn2an(numeral, "normal")
    except (ValueError, KeyError, IndexError):
        return None
    return float(value)


def _halves(text: str) -> list[Numeral]:
    found = []
    for match in _HALF.finditer(text):
        if match.group("one"):
            found.append(Numeral(match.start(), match.end(), 1.0, scaled=False))
            continue
        whole, whole_en = match.group("whole"), match.group("whole_en")
        if whole_en:
            value: float | None = (
                _english_value([whole_en.lower()]) if whole_en.isalpha() else (float(whole_en))
            )
        else:
            value = _whole_value(whole) if whole else 0.0
        if value is not None:
            found.append(Numeral(match.start(), match.end(), value + 0.5, scaled=False))
    return found


def _fractions(text: str) -> list[Numeral]:
    found = []
    for match in _FRACTION.finditer(text):
        if match.group("count"):
            count = _FRACTION_WORDS[match.group("count").lower()]
            parts: float | None = _FRACTION_WORDS[match.group("part").lower().rstrip("s")]
        else:  # 三分之二: two of three parts
            parts, count_zh = (
                _whole_value(match.group("whole_zh")),
                _whole_value(match.group("part_zh")),
            )
            if parts is None or count_zh is None:
                continue
            count = int(count_zh)
        if parts:
            found.append(
                Numeral(
                    match.start(),
                    match.end(),
                    round(100 * count / parts, 6),
                    scaled=False,
                    percent=True,
                )
            )
    return found


def _whole_value(raw: str) -> float | None:
    return float(raw) if raw.isdigit() else chinese_numeral_value(raw)


def _digits(text: str) -> list[Numeral]:
    found = []
    for match in _DIGITS.finditer(text):
        value = float(match.group("num").replace(",", ""))
        scale = match.group("latin") or match.group("cjk") or match.group("word")
        if scale:
            value *= _SCALES[scale]
        found.append(Numeral(match.start(), match.end(), value, scaled=bool(scale)))
    return found


def _another(text: str) -> list[Numeral]:
    found = []
    for match in _ANOTHER.finditer(text):
        if match.group("one"):
            found.append(Numeral(match.start("one"), match.end("one"), 1.0, scaled=False))
        else:  # nothing written: an empty numeral right after "another", before its noun
            end = match.start() + len("another")
            found.append(Numeral(end, end, 1.0, scaled=False, implied=True))
    return found


def _english(text: str) -> list[Numeral]:
    found = []
    for match in _EN_WORDS.finditer(text):
        spelled = match.group()
        if _LONE_ONE.fullmatch(spelled) and not _ONE_COUNTS.match(text, match.end()):
            continue
        words = re.findall(r"[a-z]+", spelled.lower())
        if words[0] == "a":
            words = words[1:]
        found.append(
            Numeral(
                match.start(),
                match.end(),
                _english_value(words),
                scaled=any(word in _SCALES for word in words),
            )
        )
    return found


def _english_value(words: list[str]) -> float:
    total = 0.0
    current = 0.0
    for word in words:
        if word == "dozen":
            current = max(current, 1) * 12
        elif word in _EN_UNITS:
            current += _EN_UNITS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in _SCALES:
            total += max(current, 1) * _SCALES[word]
            current = 0
    return total + current


def _chinese(text: str) -> list[Numeral]:
    found = []
    for match in _CJK.finditer(text):
        start, end = match.span()
        before = text[max(0, start - 3) : start]
        if _CJK_NOT_AFTER.search(before) or _CJK_NOT_BEFORE.match(text, end):
            continue
        if match.group().endswith("十") and _CJK_VERY.match(text, end):
            continue
        value = chinese_numeral_value(match.group())
        if value is not None:
            found.append(
                Numeral(start, end, value, scaled=any(c in "千万亿" for c in match.group()))
            )
    return found
