"""Leave said in words: "on vacation until Dec 3", "休假到12月3日", "请假到下周五". The end
of the leave (the last day away, inclusive) is found in the text, or nothing is."""

from __future__ import annotations

import re
from datetime import date, timedelta

_MONTHS = {name: number for number, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december")), start=1)
    for name in names}
_WEEKDAYS_EN = {name: number for number, names in enumerate((
    ("mon", "monday"), ("tue", "tues", "tuesday"), ("wed", "wednesday"),
    ("thu", "thur", "thurs", "thursday"), ("fri", "friday"), ("sat", "saturday"),
    ("sun", "sunday"))) for name in names}
_WEEKDAYS_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}

_AWAY_EN = r"(?:vacation|holiday|holidays|leave|off|away|out of (?:the )?office|ooo|pto)"
_UNTIL_EN = r"(?:until|till|til|through|thru)"
_AWAY_ZH = r"(?:休假|请假|年假|假期|休息|放假|不在)"
_UNTIL_ZH = r"(?:到|至|直到)"

_MONTH_NAME = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_NAME = "|".join(sorted(_WEEKDAYS_EN, key=len, reverse=True))
_EN = re.compile(
    rf"\b{_AWAY_EN}\b.*?\b{_UNTIL_EN}\s+(?:the\s+)?(?:"
    rf"(?P<iso>\d{{4}}-\d{{1,2}}-\d{{1,2}})"
    rf"|(?P<month>{_MONTH_NAME})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>{_MONTH_NAME})\b"
    rf"|(?P<next>next\s+)?(?P<weekday>{_WEEKDAY_NAME})\b)",
    re.IGNORECASE)
_ZH = re.compile(
    rf"{_AWAY_ZH}.*?{_UNTIL_ZH}\s*(?:"
    rf"(?P<iso>\d{{4}}-\d{{1,2}}-\d{{1,2}})"
    rf"|(?P<month>\d{{1,2}})\s*(?:月|/)\s*(?P<day>\d{{1,2}})\s*(?:日|号)?"
    rf"|(?P<next>下)?(?:个)?(?:周|星期|礼拜)(?P<weekday>[一二三四五六日天]))")


def leave_until(text: str, today: date) -> date | None:
    """The last day of a leave the text announces, on or after `today`; None if it names
    none. A date without a year is the next one to come; a weekday is this week's (if still
    to come) or, with "next" / "下", next week's."""
    found = _EN.search(text)
    if found is not None:
        return _date(today, found, _MONTHS.get((found["month"] or found["month2"] or "").lower()),
                     found["day"] or found["day2"],
                     _WEEKDAYS_EN.get((found["weekday"] or "").lower()))
    found = _ZH.search(text)
    if found is not None:
        return _date(today, found, int(found["month"]) if found["month"] else None,
                     found["day"], _WEEKDAYS_ZH.get(found["weekday"] or ""))
    return None


def _date(today: date, found: re.Match[str], month: int | None, day: str | None,
          weekday: int | None) -> date | None:
    if found["iso"]:
        try:
            named = date.fromisoformat("-".join(f"{int(p):02d}" if i else p for i, p in
                                                enumerate(found["iso"].split("-"))))
        except ValueError:
            return None
        return named if named >= today else None
    if month is not None and day is not None:
        for year in (today.year, today.year + 1):
            try:
                named = date(year, month, int(day))
            except ValueError:
                return None
            if named >= today:
                return named
        return None
    if weekday is not None:
        monday = today - timedelta(days=today.weekday())
        if found["next"]:
            return monday + timedelta(days=7 + weekday)
        named = monday + timedelta(days=weekday)
        return named if named >= today else named + timedelta(days=7)
    return None
