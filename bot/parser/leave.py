"""Leave said in words: "on vacation until Dec 3", "休假到12月3日", "OOO Dec 24 - Jan 2",
"请假三天", "off next week", "back on Dec 5", "12月4日见". The end of the leave (the last day
away, inclusive) is found in the text, or nothing is.

What counts, first found first: a range of days (its last day), "until" a day, the day the
person is back (the day before it is the last one away), a number of days (calendar days from
the day given as the start, or from today), one day named as off, and a week named relative
to this one (its Sunday). All but "back on" need a word for being away in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.parser.numbers import chinese_numeral_value

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAYS_EN = {
    name: number
    for number, names in enumerate(
        (
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        )
    )
    for name in names
}
_WEEKDAYS_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_EN_COUNTS = {
    "a": 1,
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
    "couple": 2,
    "few": 3,
}

_AWAY = re.compile(
    r"\b(?:vacation|holidays?|leave|off|away|out|ooo|pto)\b|休假|请假|年假|假期|休息|放假|不在|调休|病假"
    r"|婚假|产假|陪产假",
    re.IGNORECASE,
)
_EXPLICIT_SKIP = re.compile(r"\bskip(?:ping)?\b|跳过", re.IGNORECASE)

_MONTH_NAME = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_NAME = "|".join(sorted(_WEEKDAYS_EN, key=len, reverse=True))
_CJK_NUMERAL = "[一二两三四五六七八九十]+"


def _day(p: str) -> str:
    """One calendar day as written, its groups named with the prefix `p`. A weekday before
    a date ("Friday, Dec 4", "周五12月4日") is part of the date."""
    return (
        rf"(?:(?:(?:{_WEEKDAY_NAME})\.?,?\s+|(?:周|星期)[一二三四五六日天]\s*)?"
        rf"(?:(?P<{p}iso>\d{{4}}-\d{{1,2}}-\d{{1,2}})"
        rf"|(?P<{p}mon>{_MONTH_NAME})\.?\s+(?P<{p}md>\d{{1,2}})(?:st|nd|rd|th)?\b"
        rf"|(?P<{p}dm>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<{p}mon2>{_MONTH_NAME})\b"
        rf"|(?P<{p}zm>\d{{1,2}}|{_CJK_NUMERAL})\s*月\s*(?P<{p}zd>\d{{1,2}}|{_CJK_NUMERAL})\s*(?:日|号)?"
        rf"|(?<![\d/])(?P<{p}nm>\d{{1,2}})/(?P<{p}nd>\d{{1,2}})(?![\d/]))"
        rf"|(?P<{p}next>next\s+)?(?P<{p}wd>{_WEEKDAY_NAME})\b"
        rf"|(?P<{p}znext>下个?)?(?:周|星期|礼拜)(?P<{p}zwd>[一二三四五六日天]))"
    )


_TO = r"\s*(?:-|~|–|—|to|through|thru|till|until|到|至)\s*"
_I = re.IGNORECASE
# "Dec 24 - Jan 2", "12/24-1/2", "12月24日到1月2日"; "Dec 24-26", "12月24日到26日" in one month
_RANGE = re.compile(
    rf"{_day('a_')}{_TO}(?:{_day('b_')}|(?P<b_day>\d{{1,2}})(?:st|nd|rd|th|日|号)?"
    r"(?![\d/.:月]))",
    _I,
)
_UNTIL = re.compile(
    rf"(?:\b(?:until|till|til|through|thru)\s+(?:the\s+)?|(?:直到|到|至)\s*){_day('a_')}", _I
)
# One day off: "off on Friday", "PTO Dec 3", "12月3日请假"
_ONE_DAY = re.compile(
    rf"\b(?:off|out|ooo|pto|leave)\s+(?:on\s+)?(?:the\s+)?{_day('a_')}"
    rf"|{_day('b_')}\s*(?:请假|休假|调休|年假|不在)",
    _I,
)
_BACK = re.compile(
    rf"\b(?:back|return(?:ing)?|in\s+the\s+office)\s+(?:on\s+)?(?:the\s+)?{_day('a_')}"
    rf"|{_day('b_')}\s*(?:回来|返回|返岗|回公司|回到公司|上班|复工|见)",
    _I,
)
_COUNT_NUMBER = rf"(?P<n>\d{{1,2}}|{'|'.join(_EN_COUNTS)}|{_CJK_NUMERAL})"
_COUNT = re.compile(
    rf"\b{_COUNT_NUMBER}\s*(?:-\s*)?(?P<unit>days?|weeks?)\b"
    rf"|{_COUNT_NUMBER.replace('?P<n>', '?P<zn>')}\s*(?:个)?(?P<zunit>天|周|星期|礼拜)",
    _I,
)
_START = re.compile(
    rf"\b(?:from|starting|beginning|as\s+of)\s+(?:the\s+)?{_day('a_')}"
    rf"|(?:从\s*)?{_day('b_')}\s*(?:起|开始)",
    _I,
)
_WEEK = re.compile(
    r"\b(?P<next>next|this|rest\s+of\s+(?:the|this))\s+week\b|(?P<znext>下|本|这)个?(?:周|星期|礼拜)(?![一二三四五六日天])",
    _I,
)


@dataclass(frozen=True)
class _Read:
    """What the text says, resolved against today."""

    today: date

    def day(self, found: re.Match[str], p: str, after: date | None = None) -> date | None:
        """The day a `_day(p)` match names: the next one to come on or after `after` (today
        by default); a weekday is this week's if still to come, or next week's."""
        start = after or self.today
        if found[f"{p}iso"]:
            try:
                named = date.fromisoformat(
                    "-".join(
                        f"{int(part):02d}" if i else part
                        for i, part in enumerate(found[f"{p}iso"].split("-"))
                    )
                )
            except ValueError:
                return None
            return named if named >= start else None
        month_day = self._month_day(found, p)
        if month_day is not None:
            month, day = month_day
            for year in (start.year, start.year + 1):
                try:
                    named = date(year, month, day)
                except ValueError:
                    return None
                if named >= start:
                    return named
            return None
        weekday = (
            _WEEKDAYS_EN.get((found[f"{p}wd"] or "").lower())
            if found[f"{p}wd"]
            else _WEEKDAYS_ZH.get(found[f"{p}zwd"] or "")
        )
        if weekday is None:
            return None
        monday = start - timedelta(days=start.weekday())
        if found[f"{p}next"] or found[f"{p}znext"]:
            return monday + timedelta(days=7 + weekday)
        named = monday + timedelta(days=weekday)
        return named if named >= start else named + timedelta(days=7)

    @staticmethod
    def _month_day(found: re.Match[str], p: str) -> tuple[int, int] | None:
        if found[f"{p}mon"] or found[f"{p}mon2"]:
            month = _MONTHS[(found[f"{p}mon"] or found[f"{p}mon2"]).lower()]
            return month, int(found[f"{p}md"] or found[f"{p}dm"])
        if found[f"{p}zm"]:
            month_value, day_value = _count(found[f"{p}zm"]), _count(found[f"{p}zd"])
            return (month_value, day_value) if month_value and day_value else None
        if found[f"{p}nm"]:
            return int(found[f"{p}nm"]), int(found[f"{p}nd"])  # 12/24: month first
        return None


def leave_until(text: str, today: date) -> date | None:
    """The last day of a leave the text announces, on or after `today`; None if it names
    none. A date without a year is the next one to come; a weekday is this week's (if still
    to come) or, with "next" / "下", next week's."""
    read = _Read(today)
    away = _AWAY.search(text) is not None
    found = _last_day(text, read, away)
    return found if found is not None and found >= today else None


def _last_day(text: str, read: _Read, away: bool) -> date | None:
    if away and (ranged := _RANGE.search(text)):
        first = read.day(ranged, "a_")
        if first is not None and ranged["b_day"]:
            return _same_month(first, int(ranged["b_day"]))
        if first is not None:
            return read.day(ranged, "b_", after=first)
    if away and (until := _UNTIL.search(text)):
        return read.day(until, "a_")
    if back := _BACK.search(text):
        prefix = _prefix(back)
        # 见 ("see you on the 4th") says it only after a word for being away
        if prefix == "a_" or away or not back.group(0).endswith("见"):
            returning = read.day(back, prefix, after=read.today + timedelta(days=1))
            return returning - timedelta(days=1) if returning else None
    if away and (counted := _COUNT.search(text)):
        return _counted(text, counted, read)
    if away and (one := _ONE_DAY.search(text)):
        return read.day(one, _prefix(one))
    if away and (week := _WEEK.search(text)) and not (_this(week) and _EXPLICIT_SKIP.search(text)):
        # "this week" said with "skip" is the skip of this week's check-in, not a leave
        monday = read.today - timedelta(days=read.today.weekday())
        return monday + timedelta(days=6 if _this(week) else 13)
    return None


def _counted(text: str, counted: re.Match[str], read: _Read) -> date | None:
    """ "请假三天", "off for 3 days", "taking 2 days off": calendar days from the day the text
    says the leave starts, or from today."""
    number = _count(counted["n"] or counted["zn"])
    if not number:
        return None
    unit = (counted["unit"] or counted["zunit"]).lower()
    days = number * (7 if unit.startswith("week") or unit in ("周", "星期", "礼拜") else 1)
    begins = _START.search(text)
    start = None
    if begins is not None:
        start = read.day(begins, _prefix(begins))
    return (start or read.today) + timedelta(days=days - 1)


def _same_month(first: date, day: int) -> date | None:
    """The `day` of the month `first` is in, on or after it ("Dec 24-26")."""
    try:
        last = first.replace(day=day)
    except ValueError:
        return None
    return last if last >= first else None


def _prefix(found: re.Match[str]) -> str:
    """Which of two alternatives, `a_` or `b_`, named the day."""
    return (
        "a_"
        if any(
            value is not None for name, value in found.groupdict().items() if name.startswith("a_")
        )
        else "b_"
    )


def _this(week: re.Match[str]) -> bool:
    said = (week["next"] or week["znext"] or "").lower()
    return not said.startswith(("next", "下"))


def _count(raw: str) -> int | None:
    if raw.isdigit():
        return int(raw)
    if raw.lower() in _EN_COUNTS:
        return _EN_COUNTS[raw.lower()]
    value = chinese_numeral_value(raw)
    return int(value) if value is not None and value.is_integer() else None
