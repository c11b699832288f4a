"""Ordinals that state a count: "第三个分仓投入使用", "our fourth restaurant opened" say the KR
has reached three warehouses, four restaurants.

An ordinal counts for a KR when the thing it numbers is what the KR counts (a word of its
title or unit, in either language) and the clause says that thing came into being or use.
"第二个KR" is a reference, not a count (references are cut out of the clause before), and
"第3周", "the second half" number something else.
"""

from __future__ import annotations

import re

from bot.parser.glossary import concepts
from bot.parser.model import KeyResultRef
from bot.parser.numbers import chinese_numeral_value
from bot.parser.status import says_done
from bot.parser.words import content_words

_CJK = r"\u4e00-\u9fff"
_EN_ORDINALS = {
    word: i
    for i, word in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
        ],
        start=1,
    )
}
_ORDINAL = re.compile(
    rf"\b(?P<word>{'|'.join(_EN_ORDINALS)})\s+(?P<noun_en>(?:[a-z][a-z-]*\s+){{0,2}}[a-z][a-z-]*)"
    r"|\b(?P<digits>\d{1,3})(?:st|nd|rd|th)\s+(?P<noun_digits>(?:[a-z][a-z-]*\s+){0,2}"
    r"[a-z][a-z-]*)"
    rf"|第\s*(?P<zh>\d{{1,3}}|[一二两三四五六七八九十百]+)\s*(?P<counter>个|家|所|座|间|台|辆|位|名"
    rf"|条|栋|处|块)?(?P<noun_zh>[{_CJK}A-Za-z]{{1,8}})",
    re.IGNORECASE,
)
# What numbers times and stages, not things: 第3周, 第二期, "the first week".
_NOT_COUNTED = re.compile(
    r"^(?:kr|关键结果|周|天|日|月|年|季|期|轮|阶段|版|次会|批次|week|day|month|quarter|half|time"
    r"|round|phase|stage|sprint|place)",
    re.IGNORECASE,
)
# Coming into being or use: opened, went live, joined, 投入使用, 开业, 到岗.
_BEGAN = re.compile(
    r"\b(?:opened|went\s+live|is\s+live|launched|joined|signed\s+(?:up|on)|came\s+online"
    r"|started\s+operating|(?:is|now)\s+open|up\s+and\s+running|operational|in\s+service"
    r"|hired|onboarded|on\s*board(?:ed)?|started)\b"
    r"|投入使用|投用|投入运营|开始运营|开业|开张|启用|落地|开通|上线|建成|签约|入职|到岗|加入|开放|交付|竣工"
    r"|开设|成立|挂牌",
    re.IGNORECASE,
)


def count_reached(text: str, kr: KeyResultRef) -> float | None:
    """The count an ordinal in `text` says `kr` has reached, if the clause says the numbered
    thing came into being; None otherwise."""
    if kr.kind != "metric" or not says_done(text, event=_BEGAN):
        return None
    counted = set(content_words(f"{kr.title} {kr.unit}"))
    ideas = concepts(f"{kr.title} {kr.unit}")
    for match in _ORDINAL.finditer(text):
        noun = match.group("noun_en") or match.group("noun_digits") or match.group("noun_zh")
        if _NOT_COUNTED.match(noun):
            continue
        if counted.isdisjoint(content_words(noun)) and ideas.isdisjoint(concepts(noun)):
            continue  # it numbers something the KR does not count
        number = _number(match)
        if number is not None:
            return number
    return None


def _number(match: re.Match[str]) -> float | None:
    if match.group("word"):
        return float(_EN_ORDINALS[match.group("word").lower()])
    raw = match.group("digits") or match.group("zh")
    return float(raw) if raw.isdigit() else chinese_numeral_value(raw)
