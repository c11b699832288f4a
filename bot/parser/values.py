"""The new value of one KR from the quantities in its clause.

Each quantity gets a role from the words around it: the new value ("at 34", "降到2小时"), a
change ("3 more", "another $5k", "up 2 points", "新增", "又", "多了"), what it was ("from 3",
"3 → 2.5"), the target ("12/20", "目标15"), or what is left ("3 to go", "还差3人"). A stated
value beats a change; a change is applied to the current value, towards the target unless
the words say which way ("cut", "down by", "又下降了").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from bot.parser.model import KeyResultRef
from bot.parser.quantities import Quantity
from bot.parser.status import marks_progress
from bot.parser.units import Dimension, Unit, fit, in_kr_units


class Role(Enum):
    LEVEL = "level"  # a value the words mark as the new level: "at 34", "total 12", "降到2小时"
    VALUE = "value"  # a plain number: the value, unless a marked level says otherwise
    CHANGE = "change"
    PREVIOUS = "previous"
    TARGET = "target"
    REMAINING = "remaining"


_I = re.IGNORECASE
_CJK = r"\u4e00-\u9fff"
_CURRENCY_OR_SIGN = re.compile(r"(?:us\$|[$¥€£+]|usd|rmb|cny|eur)\s?$", _I)
_PREVIOUS_BEFORE = re.compile(
    r"(?:\b(?:from|was|were|vs\.?|versus|previously|last\s+week:?)|从|原来是?|之前是?|上周(?:是|为|:)?)"
    r"\s*$",
    _I,
)
_TARGET_BEFORE = re.compile(r"(?:\b(?:target|goal|out\s+of)|目标是?|目标为)\s*:?\s*$", _I)
_REMAINING_BEFORE = re.compile(r"(?:还差|差|还剩|剩下|剩)\s*$")
_CHANGE_TO = re.compile(r"\s*(?:→|->|=>|>|\bto\b|到|至|变为|变成)\s*", _I)
_VALUE_BEFORE = re.compile(
    r"(?:\b(?:to|at|is|are|now|reached|reach|hit|hits|totals?|totaling|stands?|sitting"
    r"|currently)|[=:])\s*$",
    _I,
)
# 提升到, 降至, 达到, 现在, 累计: a level. 到 after other verbs only says it worked (招到2个).
_VALUE_BEFORE_ZH = re.compile(
    r"(?:(?:提升|提高|增加|增长|上涨|涨|上升|升|下降|降低|减少|缩短|降|减|跌|落|回|变|缩|扩充|扩大|扩|增|达"
    rf"|优化|改善|压缩|控制)(?:到|至)|(?<![{_CJK}])(?:到|至)|为|是|达到|现在|目前|当前|累计|总共|共计|一共"
    r"|共|已达|已经|已)了?\s*$"
)
_CHANGE_BEFORE = re.compile(
    r"\b(?:another|additional|extra|by|up|down|plus|gained|added|adding|cut|cuts|reduced"
    r"|dropped|fell|rose|grew|increased|decreased|saved|shaved|lost|improved|raised|lowered"
    r"|trimmed|slashed|boosted|climbed|jumped|declined|dipped|shed|removed|worsened|regressed"
    r"|slipped|deteriorated|crept|inched)\s*$",
    _I,
)
_CHANGE_BEFORE_ZH = re.compile(
    rf"(?:(?:又|再|新增)(?P<gap>[{_CJK}]{{0,8}})|(?:增加|提升|提高|增长|上涨|涨|下降|降低|减少|缩短|节省|扩充|扩大|扩招"
    r"|(?<![至最])少|(?<!不)多|上升|下滑|减|增|降|涨|升|跌|高了|低了)了?"
    rf"|(?<![至最不很])(?:多|少)[{_CJK}]了)\s*$"  # 多签了一家, 少用了1天
)
# 新招聘3人, 新签3家, 新培训操作工15人, 新员工5人: what is new adds, as "3 new customers" does;
# not 最新 (the latest), 新高 or 新纪录 (a new level).
_NEW_BEFORE_ZH = re.compile(
    rf"(?<![最更重全刷创])新(?!高|纪录|记录|版|低)了?(?P<gap>[{_CJK}]{{1,10}})\s*$"
)
# A relative word governs a number a noun away (新招募志愿者一百二十人), but not past a word
# that makes it a level again (新招募志愿者总数120人); 招到 only says the hiring worked.
_LEVEL_IN_GAP = re.compile(r"达到|已达|共|累计|总|现在|目前|当前")
# "new volunteers this month: 120", "newly hired nurses - 6": new, then what is new, then it
_NEW_NOUN_BEFORE = re.compile(
    r"\bnew(?:ly)?\s+(?P<gap>(?:[a-z][a-z'-]*\s+){0,4}[a-z][a-z'-]*)\s*[:=\-]?\s*$", _I
)
_LEVEL_IN_GAP_EN = re.compile(
    r"\b(?:is|are|was|now|at|to|total|totals|reached|stands?|so\s+far|overall|all)\b", _I
)
_FAR_BEYOND = 50  # times the largest of start, target and current
_MORE = frozenset({"more", "additional", "extra"})
# "3 more bugs fixed": words after the noun that say the work was done
_DONE_WORDS = frozenset(
    {
        "done",
        "gone",
        "out",
        "fixed",
        "closed",
        "resolved",
        "solved",
        "shipped",
        "removed",
        "cleared",
        "completed",
        "finished",
        "handled",
        "eliminated",
        "retired",
        "deleted",
        "migrated",
        "burned",
        "killed",
    }
)
_LEVEL_AFTER = frozenset({"total", "now", "overall"})
_CHANGE_AFTER = frozenset({"more", "additional", "extra", "fewer", "less", "higher", "lower"})
# "Hired 2 engineers this week", "本周招了两名销售": what was done this week adds to the total.
_DONE_THIS_WEEK = re.compile(
    r"\b(?:this|last|past)\s+(?:week|month|sprint)\b|\b(?:today|yesterday)\b|\bsince\s+last\b"
    r"|本周|这周|这一周|上周|今天|昨天|本月|这个月|这两周",
    _I,
)
# "Releases per month", "每月发布次数": "这个月发布了6次" is the month's count, not 6 more.
_PER_PERIOD = re.compile(
    r"\b(?:per|a|each|every)\s+(?:week|month|sprint|day)\b|\b(?:weekly|monthly|daily)\b"
    r"|/\s*(?:week|month|wk|mo)\b|每(?:个)?(?:月|周|天|日|星期)|月度|周度|月均|周均",
    _I,
)
_PAST_ACTION = re.compile(
    r"\b(?!(?:reached|totaled|totalled|need|speed)\b)(?:[a-z]+ed|won|got|made|did|built|sold"
    r"|brought|ran|took|wrote|held|sent|gave|found|bought|began|taught|caught|dealt|drew|put"
    r"|threw|spun)\s*$",
    _I,
)
_PAST_ACTION_ZH = re.compile(rf"[{_CJK}](?:了|到|下|完)了?\s*$")
_SO_FAR = re.compile(
    r"\b(?:so\s+far|in\s+total|total|to\s+date|overall|now)\b|累计|总共|一共|已|现在|目前", _I
)
_DOWN = re.compile(
    r"\b(?:down|cut|cuts|reduced?|decreased?|dropped|drop|fell|lower(?:ed)?|fewer|less|saved"
    r"|shaved|lost|minus|trimmed|slashed|shrank|declined|dipped|shed|removed|faster)\b"
    rf"|下降|降低|减少|缩短|下滑|回落|缩减|节省|省了|少了|降了|减了|跌了|低了|少[{_CJK}]了",
    _I,
)
_UP = re.compile(
    r"\b(?:up|increased?|grew|rose|raised|gained|added|higher|plus|boosted|climbed|jumped"
    rf"|slower)\b|提升|提高|增加|增长|上涨|上升|涨了|多了|新增|扩充|扩大|扩招|高了|(?<!很)多[{_CJK}]了",
    _I,
)
_TOWARDS = re.compile(r"\b(?:improved|better|closer)\b|改善|优化|进步|好转", _I)
_AWAY = re.compile(r"\b(?:worse|regressed|slipped)\b|恶化|退步|变差", _I)


@dataclass(frozen=True)
class Valuation:
    value: float | None
    quantity: Quantity | None  # the one the value was read from
    confidence: float | None = None  # a bare "7/10" beside a value


def valuate(
    text: str, quantities: Sequence[Quantity], kr: KeyResultRef, unit: Unit | None
) -> Valuation:
    """The value `text` gives `kr`, from its quantities; None when it gives none."""
    confidence, quantities = _bare_confidence(text, quantities, kr)
    quantities = [q for q in quantities if not q.implied or fit(q.written, unit) == 2]
    if kr.kind == "milestone":  # done or not: only "100%" or "0%" can say which
        quantities = [q for q in quantities if q.dimension is Dimension.PERCENT]
    clause = _Clause(
        so_far=bool(_SO_FAR.search(text)),
        this_week=bool(_DONE_THIS_WEEK.search(text)),
        counts_new="new" in kr.title.lower(),
        per_period=bool(_PER_PERIOD.search(kr.title)),
        may_be_negative=min(kr.start, kr.target, kr.current) < 0,
    )
    roles = [_role(text, quantities, i, clause) for i in range(len(quantities))]
    stated = [
        (fit(q.written, unit), roles[i] is Role.LEVEL, -i)
        for i, q in enumerate(quantities)
        if roles[i] in (Role.LEVEL, Role.VALUE) and fit(q.written, unit) > 0
    ]
    if stated:  # the best fitting unit, then a marked level, then the first
        chosen = quantities[-max(stated)[2]]
        return Valuation(_stated(text, chosen, kr, unit), chosen, confidence)
    for role in (Role.CHANGE, Role.REMAINING):
        for i, quantity in enumerate(quantities):
            if roles[i] is role and fit(quantity.written, unit) > 0:
                value = (
                    _changed(text, quantity, kr, unit)
                    if role is Role.CHANGE
                    else (_remaining(quantity, kr, unit))
                )
                return Valuation(value, quantity, confidence)
    return Valuation(None, None, confidence)


def progress_value(kr: KeyResultRef, progress: float) -> float | None:
    """The value at `progress` (0..1) of the way from start to target. A milestone has no
    value between not done and done."""
    if kr.kind == "milestone":
        if progress >= 1:
            return kr.target
        return kr.start if progress <= 0 else None
    return _tidy(kr.start + progress * (kr.target - kr.start))


def _bare_confidence(
    text: str,
    quantities: Sequence[Quantity],
    kr: KeyResultRef,
) -> tuple[float | None, list[Quantity]]:
    """ "KR1 2.2s (7/10)", "KR3 7/10": out of 10 is a confidence, unless 10 is the target
    ("12/20" for a KR aiming at 20 is its value)."""
    for i, quantity in enumerate(quantities):
        if quantity.denominator == 10 and kr.target != 10 and 0 <= quantity.number <= 10:
            rest = [q for q in quantities if q is not quantity]
            since = quantities[i - 1].end if i else 0
            if _PREVIOUS_BEFORE.search(text[since : quantity.start]):
                return None, rest  # "(was 6/10)": what it was
            return quantity.number / 10, rest
    return None, list(quantities)


@dataclass(frozen=True)
class _Clause:
    """What the whole clause says about when: read once, used for each of its numbers."""

    so_far: bool  # "so far", "in total", 累计, 已: a running total
    this_week: bool  # "this week", 本周: what was done lately
    counts_new: bool  # the KR itself counts new things ("Sign 20 new customers")
    per_period: bool  # the KR counts per month or week: what this month did is its value
    may_be_negative: bool  # a KR below zero somewhere (NPS): "-5" is a value, not a change


def _role(text: str, quantities: Sequence[Quantity], i: int, clause: _Clause) -> Role:
    quantity = quantities[i]
    since = quantities[i - 1].end if i else 0
    before = _CURRENCY_OR_SIGN.sub("", text[since : quantity.start])
    words = quantity.written.words
    if _TARGET_BEFORE.search(before):
        return Role.TARGET
    if (
        _REMAINING_BEFORE.search(before)
        or "left" in words[:2]
        or "remaining" in words[:2]
        or ("to" in words[:3] and "go" in words[:4])
    ):
        return Role.REMAINING
    following = quantities[i + 1] if i + 1 < len(quantities) else None
    change_to = following is not None and bool(
        _CHANGE_TO.fullmatch(text, quantity.end, following.start)
    )
    if _PREVIOUS_BEFORE.search(before) or change_to or words[:2] == ("last", "week"):
        return Role.PREVIOUS
    if quantity.sign < 0 and clause.may_be_negative:
        return Role.VALUE  # NPS -5
    if quantity.sign or _CHANGE_BEFORE.search(before) or _CHANGE_AFTER.intersection(words[:2]):
        return Role.CHANGE
    done_this_week = clause.this_week and not clause.so_far and not clause.per_period
    # "so far", "in total" about this number, not another one ("3 new this week, 21 total")
    so_far = bool(_SO_FAR.search(before)) or "total" in words[:3] or words[:2] == ("so", "far")
    counts_as_new = not so_far and (
        (clause.this_week and not clause.per_period) or not clause.counts_new
    )
    if "new" in words[:2] and counts_as_new:
        return Role.CHANGE  # "3 new customers", unless the KR itself counts new ones
    if counts_as_new and _relative(_NEW_NOUN_BEFORE, before, _LEVEL_IN_GAP_EN):
        return Role.CHANGE  # "new volunteers this month: 120"
    if (
        _VALUE_BEFORE.search(before)
        or _VALUE_BEFORE_ZH.search(before)
        or (_LEVEL_AFTER.intersection(words[:2]) or words[:2] == ("so", "far"))
    ):
        return Role.LEVEL
    if _relative(_CHANGE_BEFORE_ZH, before, _LEVEL_IN_GAP) or _relative(
        _NEW_BEFORE_ZH, before, _LEVEL_IN_GAP
    ):
        return Role.CHANGE
    if done_this_week and (_PAST_ACTION.search(before) or _PAST_ACTION_ZH.search(before)):
        return Role.CHANGE
    return Role.VALUE


def _relative(pattern: re.Pattern[str], before: str, level: re.Pattern[str]) -> bool:
    match = pattern.search(before)
    return match is not None and not level.search(match.group("gap") or "")


def _stated(text: str, quantity: Quantity, kr: KeyResultRef, unit: Unit | None) -> float | None:
    number = -quantity.number if quantity.sign < 0 else quantity.number
    if quantity.dimension is Dimension.PERCENT:
        if unit is not None and unit.dimension is Dimension.PERCENT and not marks_progress(text):
            return _tidy(number)
        return progress_value(kr, number / 100)
    if kr.kind == "milestone":
        return None  # a milestone is done or not; "3" says neither
    return _tidy(_in_kr_units(number, quantity, kr, unit))


def _changed(text: str, quantity: Quantity, kr: KeyResultRef, unit: Unit | None) -> float | None:
    if kr.kind == "milestone":
        return None
    if quantity.dimension is Dimension.PERCENT and (
        unit is None or unit.dimension is not Dimension.PERCENT
    ):
        step = abs(quantity.number / 100 * (kr.target - kr.start))  # "another 10% done"
    else:
        step = abs(_in_kr_units(quantity.number, quantity, kr, unit))
    return _tidy(kr.current + _direction(text, quantity, kr) * step)


def _remaining(quantity: Quantity, kr: KeyResultRef, unit: Unit | None) -> float | None:
    if kr.kind == "milestone":
        return None
    left = abs(_in_kr_units(quantity.number, quantity, kr, unit))
    return _tidy(kr.target - _towards_target(kr) * left)


def _in_kr_units(
    number: float,
    quantity: Quantity,
    kr: KeyResultRef,
    unit: Unit | None,
) -> float:
    """`number` in the KR's unit. A KR counted in thousands or 万 may be answered in ones
    ("66,500" for a KR in k): a number far beyond anything the KR spans is read that way."""
    converted = in_kr_units(number, quantity.written, quantity.scaled, unit)
    if (
        unit is not None
        and unit.factor > 1
        and converted == number
        and unit.dimension not in (Dimension.TIME, Dimension.PERCENT)
    ):
        span = max(abs(kr.start), abs(kr.target), abs(kr.current))
        if abs(number) >= unit.factor and abs(number) > _FAR_BEYOND * span:
            return number / unit.factor
    return converted


def _direction(text: str, quantity: Quantity, kr: KeyResultRef) -> float:
    """+1 or -1: which way a change goes. The last direction word before the number wins;
    "another", "又", "closed 3 more" go towards the target; "3 more" alone adds."""
    if quantity.sign:
        return float(quantity.sign)
    words = quantity.written.words[:2]
    if "fewer" in words or "less" in words or "lower" in words:
        return -1.0
    if "higher" in words:
        return 1.0
    before = text[: quantity.start]
    last: tuple[int, float] | None = None
    for pattern, sign in (
        (_DOWN, -1.0),
        (_UP, 1.0),
        (_TOWARDS, _towards_target(kr)),
        (_AWAY, -_towards_target(kr)),
    ):
        for match in pattern.finditer(before):
            if last is None or match.start() > last[0]:
                last = (match.start(), sign)
    if last:
        return last[1]
    # "two more incidents": more of what the KR counts, even for a KR that should fall; but
    # "closed 60 more tickets", "3 more bugs fixed" are more of the work towards the target
    done_after = bool(_DONE_WORDS.intersection(quantity.written.words[1:]))
    if _MORE.intersection(words) and not _PAST_ACTION.search(before) and not done_after:
        return 1.0
    return _towards_target(kr)


def _towards_target(kr: KeyResultRef) -> float:
    return -1.0 if kr.target < kr.start else 1.0


def _tidy(value: float) -> float:
    """Drop float noise: 3.0 + 0.6 * -1.5 is 2.1, not 2.0999999999999996."""
    return round(value, 9)
