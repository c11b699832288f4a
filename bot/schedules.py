"""When a team's cadences run: a rule (days, a local time, where it asks) per cadence, and the
team's settings around them (country calendar, time zone, nudges, when standup answers open).

Set in the OKR table under a team (`cadences:`) and by team leads in chat; what is not set
keeps each cadence's default (`bot.cadences`, one module per cadence). This module knows
nothing of the rest of the model, so that `bot.model.Team` can hold a `TeamCadences`."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import time
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class Where(StrEnum):
    """Where a cadence's prompt goes: one post in the team channel, or a DM to each person."""

    CHANNEL = "channel"
    DM = "dm"


DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # names, never numbers
WORKING_WEEK = ("mon", "tue", "wed", "thu", "fri")


@dataclass(frozen=True)
class CadenceRule:
    """When one cadence runs: on these days at this local time (the quarter end ignores the
    days: it runs on the period's last working day)."""

    days: tuple[str, ...]
    at: time
    where: Where
    enabled: bool = True

    @property
    def weekdays(self) -> frozenset[int]:
        """The days as Python weekday numbers (Monday is 0)."""
        return frozenset(DAY_NAMES.index(day) for day in self.days)

    @property
    def every_working_day(self) -> bool:
        return set(WORKING_WEEK) <= set(self.days)


class Scheduled(Protocol):
    """A cadence, as far as its settings go: its name and its default rule."""

    @property
    def name(self) -> str: ...
    @property
    def default(self) -> CadenceRule: ...


DEFAULT_NUDGES_PER_WEEK = 3
# Answers to the next standup are taken from this local time on the working day before.
DEFAULT_STANDUP_OPENS = time(18, 0)
STANDUP_OPENS = "standup-opens"  # its name in the OKR table


class CadenceSettingError(ValueError):
    """A cadence setting that cannot be read. `code` names the block of the cadences_chat
    templates (`problem_<code>`) that says, in the reader's language, what is expected."""

    def __init__(self, code: str, **facts: object) -> None:
        super().__init__(code)
        self.code = code
        self.facts = facts


@dataclass(frozen=True)
class TeamCadences:
    """A team's cadence settings: only the rules that differ from the defaults are stored, by
    cadence name."""

    rules: Mapping[str, CadenceRule] = field(default_factory=dict)
    country: str | None = None  # the public holiday calendar: CN, US, ...
    timezone: str | None = None  # default: the lead's, else the workspace's
    nudges_per_week: int = DEFAULT_NUDGES_PER_WEEK
    # When answers to the next standup open the working day before (None: only once posted).
    standup_opens: time | None = DEFAULT_STANDUP_OPENS

    def rule(self, cadence: Scheduled) -> CadenceRule:
        return self.rules.get(cadence.name, cadence.default)

    def with_rule(self, cadence: Scheduled, rule: CadenceRule) -> TeamCadences:
        return replace(self, rules={**self.rules, cadence.name: rule})

    @classmethod
    def from_data(cls, data: object, cadences: Sequence[Scheduled]) -> TeamCadences:
        """The `cadences:` mapping of the OKR table (see `to_data`), for these cadences."""
        if data is None:
            return cls()
        if not isinstance(data, Mapping):
            raise CadenceSettingError("not_a_mapping")
        by_name = {cadence.name: cadence for cadence in cadences}
        rules: dict[str, CadenceRule] = {}
        country = timezone = None
        nudges = DEFAULT_NUDGES_PER_WEEK
        opens: time | None = DEFAULT_STANDUP_OPENS
        for key, value in data.items():
            name = str(key)
            if name == "country":
                country = _country(value)
            elif name == "timezone":
                timezone = _timezone(value)
            elif name == "nudges":
                nudges = _nudges(value)
            elif name == STANDUP_OPENS:
                opens = standup_opens_from(value)
            elif name in by_name:
                rules[name] = rule_from(by_name[name], value)
            else:
                known = ", ".join([*by_name, "country", "timezone", "nudges", STANDUP_OPENS])
                raise CadenceSettingError("unknown_table_setting", name=name, known=known)
        return cls(rules, country, timezone, nudges, opens)

    def to_data(self, cadences: Sequence[Scheduled]) -> dict[str, object]:
        """The settings as the OKR table writes them: only what differs from the defaults."""
        data: dict[str, object] = {}
        if self.country:
            data["country"] = self.country
        if self.timezone:
            data["timezone"] = self.timezone
        if self.nudges_per_week != DEFAULT_NUDGES_PER_WEEK:
            data["nudges"] = self.nudges_per_week
        if self.standup_opens != DEFAULT_STANDUP_OPENS:
            data[STANDUP_OPENS] = written_opens(self.standup_opens)
        for cadence in cadences:
            rule = self.rules.get(cadence.name)
            if rule is not None and rule != cadence.default:
                data[cadence.name] = written_rule(rule, cadence.default)
        return data


def written_rule(rule: CadenceRule, default: CadenceRule) -> object:
    """A rule as the OKR table writes it: `off`, or what differs from the default."""
    if not rule.enabled:
        return "off"
    written: dict[str, object] = {}
    if rule.days != default.days:
        written["days"] = list(rule.days)
    if rule.at != default.at:
        written["at"] = f"{rule.at:%H:%M}"
    if rule.where != default.where:
        written["to"] = rule.where.value
    return written


def parse_time(text: str) -> time:
    """`09:30` or `9:30` → 09:30."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", text)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise CadenceSettingError("bad_time", text=text)
    return time(int(match[1]), int(match[2]))


def parse_days(value: object) -> tuple[str, ...]:
    """`[mon, wed]`, `mon-fri`, `mon,wed`, `周一至周五` or `周二、周四` → day names in week
    order."""
    items = value if isinstance(value, list) else re.split(r"[,\s、,]+", str(value).strip())
    days: set[str] = set()
    for item in items:
        word = _english_days(str(item)).strip().casefold()
        if "-" in word:
            first, _, last = (part.strip().casefold()[:3] for part in word.partition("-"))
            if first not in DAY_NAMES or last not in DAY_NAMES:
                raise CadenceSettingError("bad_day", item=item)
            start, end = DAY_NAMES.index(first), DAY_NAMES.index(last)
            # A range may run over the weekend: fri-mon is fri, sat, sun, mon.
            days.update(
                DAY_NAMES[start : end + 1]
                if start <= end
                else DAY_NAMES[start:] + DAY_NAMES[: end + 1]
            )
        elif word[:3] in DAY_NAMES:
            days.add(word[:3])
        elif word:
            raise CadenceSettingError("bad_day", item=item)
    if not days:
        raise CadenceSettingError("no_days")
    return tuple(day for day in DAY_NAMES if day in days)


def rule_from(cadence: Scheduled, value: object, base: CadenceRule | None = None) -> CadenceRule:
    """A cadence's rule from its written form: `off`, `on`, or {days, at, to}. What the form
    leaves out is taken from `base` (default: the cadence's default rule), so a lead who moves
    the time keeps the days, and one who turns a cadence back on finds it as it was."""
    base = cadence.default if base is None else base
    if value is False or str(value).casefold() in ("off", "false", "no"):
        return replace(base, enabled=False)
    if value is True or str(value).casefold() in ("on", "true", "yes"):
        return replace(base, enabled=True)
    if not isinstance(value, Mapping):
        raise CadenceSettingError("bad_rule", cadence=cadence.name)
    unknown = sorted(str(k) for k in value if str(k) not in ("days", "at", "to"))
    if unknown:
        raise CadenceSettingError("unknown_rule_key", cadence=cadence.name, key=unknown[0])
    where = str(value.get("to", base.where.value))
    if where not in (Where.CHANNEL.value, Where.DM.value):
        raise CadenceSettingError("bad_where", cadence=cadence.name, where=where)
    at = value.get("at")
    return CadenceRule(
        days=parse_days(value["days"]) if "days" in value else base.days,
        at=base.at if at is None else _at(at),
        where=Where(where),
    )


_ZH_DAYS = {
    "一": "mon",
    "二": "tue",
    "三": "wed",
    "四": "thu",
    "五": "fri",
    "六": "sat",
    "日": "sun",
    "天": "sun",
}


def _english_days(text: str) -> str:
    """Chinese day names as the English ones: `周一至周五` → `mon-fri`, `工作日` → `mon-fri`."""
    text = re.sub(
        r"(?:周|星期|礼拜)([一二三四五六日天])",
        lambda m: _ZH_DAYS[m[1]],
        text.replace("工作日", "mon-fri"),
    )
    return re.sub(r"\s*(?:至|到|~|～)\s*", "-", text)


def standup_opens_from(value: object) -> time | None:
    """`standup-opens`: `'18:00'` (the working day before the standup), `off` or `on`."""
    if value is False or str(value).casefold() in ("off", "false", "no"):
        return None
    if value is True or str(value).casefold() in ("on", "true", "yes"):
        return DEFAULT_STANDUP_OPENS
    try:
        return _at(value)
    except CadenceSettingError:
        raise CadenceSettingError("bad_opens", value=value) from None


def written_opens(opens: time | None) -> str:
    """`standup-opens` as the OKR table writes it."""
    return "off" if opens is None else f"{opens:%H:%M}"


def _at(value: object) -> time:
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads an unquoted 09:30 as the sexagesimal number 570.
        hours, minutes = divmod(value, 60)
        return parse_time(f"{hours}:{minutes:02d}")
    return parse_time(str(value))


def _country(value: object) -> str:
    code = str(value).strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise CadenceSettingError("bad_country", value=value)
    return code


def _timezone(value: object) -> str:
    name = str(value).strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise CadenceSettingError("bad_timezone", name=name) from None
    return name


def _nudges(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise CadenceSettingError("bad_nudges", value=value)
    return value
