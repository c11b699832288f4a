"""Units: what a KR counts in, what a number in a reply is written in, and converting one to
the other (`180 minutes` for an hours KR is 3; `$112k` for a USD KR is 112000)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from bot.parser.words import STOPWORDS, stem


class Dimension(Enum):
    PERCENT = "percent"  # 89%, 七成, 百分之七十
    POINTS = "points"  # "2 points", "2个百分点": in the KR's own unit
    TIME = "time"
    MONEY = "money"
    SCALE = "scale"  # a KR counted in thousands or 万, with no currency
    COUNT = "count"  # Chinese counters: 人, 名, 个, 家 ...
    WORD = "word"  # any other noun: customers, services, NPS


@dataclass(frozen=True)
class Unit:
    dimension: Dimension
    factor: float = 1.0  # TIME: seconds per unit; otherwise what the KR counts in (k, 万)
    word: str = ""  # WORD: the stem ("customer"); COUNT: the counter's family


_SECONDS = {
    "ms": 0.001,
    "msec": 0.001,
    "毫秒": 0.001,
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
    "秒": 1,
    "秒钟": 1,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "分钟": 60,
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
    "小时": 3600,
    "个小时": 3600,
    "钟头": 3600,
    "个钟头": 3600,
    "d": 86400,
    "day": 86400,
    "days": 86400,
    "天": 86400,
    "w": 604800,
    "wk": 604800,
    "wks": 604800,
    "week": 604800,
    "weeks": 604800,
    "周": 604800,
    "星期": 604800,
    "个星期": 604800,
    "礼拜": 604800,
    "个礼拜": 604800,
    "month": 2592000,
    "months": 2592000,
    "个月": 2592000,
}
_CURRENCIES = {
    "$",
    "usd",
    "us$",
    "dollar",
    "dollars",
    "bucks",
    "美元",
    "美金",
    "元",
    "块",
    "块钱",
    "人民币",
    "rmb",
    "cny",
    "yuan",
    "¥",
    "eur",
    "euro",
    "euros",
    "€",
    "£",
    "gbp",
}
_SCALE_WORDS = {
    "1": 1.0,
    "k": 1e3,
    "千": 1e3,
    "万": 1e4,
    "mm": 1e6,
    "百万": 1e6,
    "亿": 1e8,
    "thousand": 1e3,
    "mn": 1e6,
    "mln": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "bn": 1e9,
    "billion": 1e9,
    "billions": 1e9,
}
_PERCENT_WORDS = {"%", "percent", "pct", "百分比", "pp", "百分点", "个百分点", "个点"}
# Counters for people read as one family, so `两名` fits a KR counted in 人.
_COUNTERS = {
    "人": "人",
    "名": "人",
    "位": "人",
    "个人": "人",
    "个": "个",
    "家": "家",
    "项": "项",
    "次": "次",
    "条": "条",
    "台": "台",
    "款": "款",
    "篇": "篇",
    "场": "场",
    "单": "单",
    "份": "份",
    "笔": "笔",
    "套": "套",
    "门": "门",
}
_CURRENCY = re.compile(
    r"[$¥€£]|us\$|usd|dollars?|bucks|美元|美金|元|块钱?|人民币|rmb|cny|yuan|eur|euros?|gbp"
)
_KR_SCALES = r"k|千|万|百万|亿|mm|mn|mln|millions?|bn|billions?|thousand"
# An upper-case M in a KR's unit is millions ("M", "$M", "M users"), whatever the case later.
_MILLIONS = re.compile(r"(?<![A-Za-z])M(?![A-Za-z])")
# A KR may count in thousands or 万: "k", "$k", "k USD", "万元", "万人", "k users", "M".
_KR_SCALE = re.compile(
    rf"(?P<pre>{_KR_SCALES})(?=\s|[$¥€£]|[\u4e00-\u9fff]|$)\s*(?P<rest>.*)"
    rf"|(?P<rest2>(?:.*?[\s$¥€£])?)(?P<post>{_KR_SCALES})"
)

# Units written right after a number. Longer spellings first; `m` and `分` are ambiguous and
# resolved against the KR (minutes for a time KR; million, or points, otherwise).
_AFTER = re.compile(
    r"\s?(?P<unit>%|percent\b|pct\b|个百分点|百分点|个点|pp\b|pts?\b|points?\b|成(?!功|本|员|交|果|为|长|立)"
    r"|ms\b|msecs?\b|毫秒|secs?\b|seconds?\b|s(?![a-z])|秒钟?|mins?(?![a-z])|minutes?\b|分钟"
    r"|m(?![a-z])|分(?![之钟析享配别布公])"
    r"|hrs?(?![a-z])|hours?\b|h(?![a-z])|个?小时|个?钟头|days?\b|d(?![a-z])|天|weeks?\b|wks?\b"
    r"|个?星期|个?礼拜"
    r"|周(?!年)|months?\b|个月"
    r"|usd\b|dollars?\b|bucks\b|美元|美金|块钱?|元|rmb\b|cny\b|yuan\b|eur\b|euros?\b"
    r"|个人|个|人|名|位|家|项|次|条|台|款|篇|场|单|份|笔|套|门)",
    re.IGNORECASE,
)
_WORDS_AFTER = re.compile(r"(?:\s+[A-Za-z][A-Za-z'-]*){1,3}")
MODIFIERS = frozenset({"more", "new", "additional", "extra", "other", "fewer", "less"})


@dataclass(frozen=True)
class WrittenUnit:
    """The unit written after a number, and the words right after it."""

    unit: Unit | None
    end: int
    words: tuple[str, ...]  # lower-case words after the number (for "3 more customers")
    ambiguous: str = ""  # "m" or "分" when the KR must decide


@lru_cache(maxsize=1024)
def kr_unit(unit: str) -> Unit | None:
    """The unit a KR is counted in; None for a bare number or a milestone."""
    text = _MILLIONS.sub("mm", unit.strip()).lower()
    if not text:
        return None
    if text in _PERCENT_WORDS:
        return Unit(Dimension.PERCENT)
    if text in _SECONDS:
        return Unit(Dimension.TIME, _SECONDS[text])
    scale = 1.0
    scaled = _KR_SCALE.fullmatch(text)
    if scaled:
        scale = _SCALE_WORDS[scaled.group("pre") or scaled.group("post")]
        text = (scaled.group("rest") or scaled.group("rest2") or "").strip()
    if not text:
        return Unit(Dimension.SCALE, scale)
    if _CURRENCY.fullmatch(text):
        return Unit(Dimension.MONEY, scale)
    if text in _COUNTERS:
        return Unit(Dimension.COUNT, scale, _COUNTERS[text])
    words = re.findall(r"[a-z0-9]+|[\u4e00-\u9fff]+", text)
    return Unit(Dimension.WORD, scale, stem(words[-1]) if words else text)


def read_unit_after(text: str, pos: int) -> WrittenUnit:
    """The unit written at `text[pos:]`, right after a number."""
    match = _AFTER.match(text, pos)
    if match:
        raw = match.group("unit")
        lowered = raw.lower()
        after_unit = _words_after(text, match.end())
        if lowered in ("m", "分"):
            return WrittenUnit(Unit(Dimension.TIME, 60), match.end(), after_unit, lowered)
        if lowered in _SECONDS:
            return WrittenUnit(Unit(Dimension.TIME, _SECONDS[lowered]), match.end(), after_unit)
        if lowered == "成":  # 七成: seven tenths
            return WrittenUnit(Unit(Dimension.PERCENT, 10.0), match.end(), after_unit)
        if lowered in ("%", "percent", "pct"):
            return WrittenUnit(Unit(Dimension.PERCENT), match.end(), after_unit)
        if lowered in _PERCENT_WORDS or lowered.startswith(("pt", "point")):
            return WrittenUnit(Unit(Dimension.POINTS), match.end(), after_unit)
        if lowered in _CURRENCIES:
            return WrittenUnit(Unit(Dimension.MONEY), match.end(), after_unit)
        return WrittenUnit(Unit(Dimension.COUNT, word=_COUNTERS[raw]), match.end(), after_unit)
    words = _words_after(text, pos)
    nouns = [word for word in words if word not in MODIFIERS and word not in STOPWORDS]
    unit = Unit(Dimension.WORD, word=stem(nouns[0])) if nouns else None
    return WrittenUnit(unit, pos, words)


def _words_after(text: str, pos: int) -> tuple[str, ...]:
    match = _WORDS_AFTER.match(text, pos)
    return tuple(match.group().lower().split()) if match else ()


def fit(written: WrittenUnit, kr: Unit | None) -> int:
    """How well a written unit fits the KR's: 2 it is the KR's unit, 1 it may be, 0 it is not."""
    unit = written.unit
    if unit is None:
        return 1
    target = kr.dimension if kr else None
    if written.ambiguous:
        if target is Dimension.TIME:
            return 2
        return 1 if target is not Dimension.PERCENT else 0
    if unit.dimension is Dimension.WORD:
        # a noun: is the KR's own unit word among the words after the number?
        matches = (
            kr is not None
            and target is Dimension.WORD
            and kr.word in {stem(word) for word in written.words}
        )
        if (
            not matches
            and _counts_other_things(written.words)
            and (target in (Dimension.TIME, Dimension.PERCENT, Dimension.MONEY))
        ):
            return 0  # "2 more buses" counts buses, not hours
        return 2 if matches else 1
    if unit.dimension is Dimension.PERCENT:  # of the KR's own unit, or progress
        return 2 if target is Dimension.PERCENT else 1
    if unit.dimension is Dimension.TIME:
        return 2 if target is Dimension.TIME else 0
    if target is Dimension.TIME:
        return 0
    if unit.dimension is Dimension.POINTS:
        return 2 if target is Dimension.PERCENT else (0 if target is Dimension.MONEY else 1)
    if unit.dimension is Dimension.MONEY:
        return 2 if target is Dimension.MONEY else (0 if target is Dimension.PERCENT else 1)
    if unit.dimension is Dimension.COUNT:
        same = kr is not None and target is Dimension.COUNT and kr.word == unit.word
        return 2 if same else (0 if target is Dimension.MONEY else 1)
    return 1


def _counts_other_things(words: tuple[str, ...]) -> bool:
    """ "more buses", not "more minutes" nor "more percent": a count of things."""
    return (
        len(words) >= 2
        and words[0] in MODIFIERS
        and words[1] not in _SECONDS
        and words[1] not in _PERCENT_WORDS
        and words[1] not in _CURRENCIES
    )


def in_kr_units(number: float, written: WrittenUnit, scaled: bool, kr: Unit | None) -> float:
    """`number` (scale already applied) in the KR's unit. Assumes `fit(...) > 0`."""
    target = kr.dimension if kr else None
    unit = written.unit
    if written.ambiguous and target is not Dimension.TIME:
        if written.ambiguous == "m":  # 2.5m users: million
            number, scaled = number * 1e6, True
        unit = None  # 4.5分 for a KR scored in points
    elif unit is not None and unit.dimension is Dimension.TIME and kr is not None:
        return number * unit.factor / kr.factor
    if (
        kr is not None
        and target is not Dimension.PERCENT
        and (scaled or (unit is not None and unit.dimension is Dimension.MONEY))
    ):
        return number / kr.factor  # 47k for a KR counted in k is 47
    return number
