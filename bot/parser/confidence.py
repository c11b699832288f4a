"""Confidence (信心指数) as people state it: `confidence 7/10`, `70% confident`, `conf 0.7`,
`信心指数7`, `信心7分`, `信心七成`, `七成把握`, `Overall 7/10`, `confidence 7/10 overall`, and a
bare `7/10` said about no KR. Always returned on the 0..1 scale."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.parser.numbers import chinese_numeral_value


@dataclass(frozen=True)
class Confidence:
    start: int
    end: int
    value: float
    overall: bool  # said for the reply as a whole ("overall", "整体"), not for one KR


_CJK_NUMBER = r"[零一二两三四五六七八九十]+(?:点[零一二三四五六七八九]+)?(?![般些定直足致样])"
# A number in words only out of ten or ending the clause: "confident one more will close"
# says nothing about confidence.
_EN_NUMBER = (
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\b"
    r"(?=\s*(?:/|out\s+of)|\s*(?:[,.;!)]|$))"
)
# 百分之七十 is a percentage written before its number.
_NUMBER = (
    rf"(?:百分之(?P<pct_zh>\d+(?:\.\d+)?|{_CJK_NUMBER})"
    rf"|(?P<num>\d+(?:\.\d+)?|\.\d+|{_CJK_NUMBER}|{_EN_NUMBER}))"
)
_SCALE = (
    r"(?:\s*(?:/|out\s+of)\s*(?P<den>\d+|ten\b)|\s*(?P<pct>%|percent|成)"
    r"|\s*(?P<pts>分))?"
)
# Only short, number-free talk may sit between the word and the number ("Confidence is low
# this week (4/10)"), so "confident we'll hit 40" is no confidence of 0.4.
_GAP = (
    r"(?:[\s:=~(,\-]|\b(?:is|at|of|level|score|about|around|approx|roughly|now|still|this|week"
    r"|low|high|medium|moderate|pretty|quite|very|fairly|only|rather|remains?|stays?|holding"
    r"|steady|solid|good|ok|okay|down|up|to|dropped|fell|rose|went|moved|back|from)\b"
    r"|是|为|大概|约|目前|现在|还是|有|比较|较|高|低|中等|维持|保持|在|了|下降|上升|提升|降低|降|从)*?"
)
_KEYWORD = r"(?:confidence|confident|conf\b\.?|信心指数|信心值|信心度|信心|把握)"
# Any short talk may come before a number that can only be a confidence: "(5/10)", "7分".
_LONG_GAP = r"[^\d.!?;。\n]{0,40}?"
_OUT_OF_TEN = r"(?P<num4>\d+(?:\.\d+)?)\s*(?:/\s*(?P<den4>10)\b|(?P<pts4>分))"
_STATED = re.compile(
    rf"{_KEYWORD}{_GAP}{_NUMBER}{_SCALE}"
    rf"|(?:{_KEYWORD}|\b(?:overall|all\s+in\s+all)\b|整体|总体){_LONG_GAP}{_OUT_OF_TEN}"
    rf"|(?P<num2>\d+(?:\.\d+)?|{_CJK_NUMBER})\s*(?:(?:/|out\s+of)\s*(?P<den2>\d+)"
    # "70% confident", but not "88% confidence 7/10": that confidence has its own number
    r"|(?P<pct2>%|成))\s*的?(?:confidence|confident|信心|把握)(?![\s:=]*(?:指数)?[\s:=]*\d)"
    r"|\b(?:overall|整体|总体)\s*:?\s*(?P<num3>\d+(?:\.\d+)?)\s*/\s*(?P<den3>10)\b",
    re.IGNORECASE,
)
# "confidence from 7 to 5", "信心从6降到5": the new one counts.
_THEN = re.compile(
    rf"\s*(?:→|->|\bto\b|(?:降|升|提升|下降|上升)?(?:到|至))\s*{_NUMBER}{_SCALE}", re.IGNORECASE
)
# Only "/10": a lone "4.5分" may be a score of something the parser could not place.
_LONE_OUT_OF_TEN = re.compile(
    r"[^\d\n]{0,24}?(?P<num4>\d+(?:\.\d+)?)\s*/\s*(?P<den4>10)\b[^\dA-Za-z\u4e00-\u9fff]*",
    re.IGNORECASE,
)
_OVERALL = re.compile(r"\b(?:overall|general|whole)\b|整体|总体|总的|全局", re.IGNORECASE)
# "confidence 7/10 overall": said after the number.
_OVERALL_AFTER = re.compile(
    r"[\s,)]*(?:\b(?:overall|in\s+general|across\s+the\s+board|on\s+everything)\b|整体|总体)",
    re.IGNORECASE,
)


def find_confidences(text: str) -> list[Confidence]:
    found = []
    for match in _STATED.finditer(text):
        then = _THEN.match(text, match.end())
        value = _value(then or match)
        if value is None:
            continue
        end = then.end() if then else match.end()
        near = text[max(0, match.start() - 20) : end]
        overall = bool(_OVERALL.search(near)) or bool(_OVERALL_AFTER.match(text, end))
        found.append(Confidence(match.start(), end, value, overall))
    return found


def lone_out_of_ten(text: str) -> Confidence | None:
    """A reply's bare "7/10" said on its own ("Feeling 7/10.", a last line "7/10"): about
    no KR, out of 10 can only be a confidence."""
    match = _LONE_OUT_OF_TEN.fullmatch(text)
    if match is None:
        return None
    value = _value(match)
    if value is None:
        return None
    return Confidence(match.start("num4"), match.end(), value, True)


_EN_VALUES = {
    word: float(i)
    for i, word in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    )
}


def _value(match: re.Match[str]) -> float | None:
    groups = match.groupdict()
    raw = (
        groups.get("num")
        or groups.get("num2")
        or groups.get("num3")
        or groups.get("num4")
        or groups.get("pct_zh")
    )
    if not raw:
        return None
    number = _number(raw)
    if number is None:
        return None
    denominator = (
        groups.get("den") or groups.get("den2") or groups.get("den3") or groups.get("den4")
    )
    if denominator and not denominator.isdigit():
        denominator = "10"  # "seven out of ten"
    percent = groups.get("pct") or groups.get("pct2") or ("%" if groups.get("pct_zh") else None)
    if denominator:
        value = number / float(denominator) if float(denominator) else -1.0
    elif percent:
        value = number / (10 if percent == "成" else 100)
    elif groups.get("pts") or groups.get("pts4"):
        value = number / 10
    elif number <= 1:
        value = number
    elif number <= 10:
        value = number / 10
    else:
        value = number / 100
    return round(value, 4) if 0 <= value <= 1 else None


def _number(raw: str) -> float | None:
    if raw[0].isdigit() or raw[0] == ".":
        return float(raw)
    if raw.lower() in _EN_VALUES:
        return _EN_VALUES[raw.lower()]
    return chinese_numeral_value(raw)
