"""Reading the OKR table (DESIGN.md, "The OKR table") from already-parsed YAML/JSON data.

Checks everything that can be checked inside the file: shapes, types, ranges, duplicate ids
and the method's limits. References to the database are checked by the importer."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.cadences.registry import team_cadences
from bot.errors import OkrError
from bot.model import (
    KeyResult,
    KeyResultKind,
    Locale,
    Objective,
    ObjectiveStatus,
    Origin,
    Owner,
    Period,
    Person,
    Role,
    Team,
)
from bot.rules import DEFAULT_LIMITS, Limits, check_key_result, check_key_result_count
from bot.schedules import CadenceSettingError, TeamCadences
from bot.texts import plain_english


class TableError(Exception):
    """A problem in one entry of an OKR table; the message names the entry and the problem."""

    def __init__(self, entry: str, problem: str) -> None:
        self.entry = entry
        self.problem = problem
        super().__init__(f"{entry}: {problem}")


@dataclass(frozen=True)
class Table:
    period: Period
    timezone: str
    periods: tuple[Period, ...]  # the default period and any other an objective names
    people: tuple[Person, ...]
    teams: tuple[Team, ...]
    objectives: tuple[Objective, ...]  # an empty id means "give it one"


def read_table(
    data: object, *, tenant: str, platforms: Sequence[str], limits: Limits = DEFAULT_LIMITS
) -> Table:
    """`platforms`: the chat platforms whose user ids people and channels the table lists."""
    root = _mapping("the table", data)
    _only(root, "the table", {"period", "timezone", "people", "teams", "objectives"})
    period = _period("period", root.get("period"))
    timezone = _timezone("timezone", root.get("timezone", "UTC"))
    people = tuple(
        _person(tenant, f"people[{i}]", item, timezone, platforms)
        for i, item in enumerate(_list("people", root.get("people")))
    )
    teams = tuple(
        _team(tenant, f"teams[{i}]", item, platforms)
        for i, item in enumerate(_list("teams", root.get("teams")))
    )
    periods = {period.name: period}
    objectives = []
    for i, item in enumerate(_list("objectives", root.get("objectives"))):
        objective, own_period = _objective(tenant, i, item, period, limits)
        periods.setdefault(own_period.name, own_period)
        objectives.append(objective)
    _unique("person", [p.id for p in people])
    _unique("team", [t.id for t in teams])
    _unique("objective", [o.id for o in objectives if o.id])
    _unique("key result", [kr.id for o in objectives for kr in o.key_results if kr.id])
    return Table(period, timezone, tuple(periods.values()), people, teams, tuple(objectives))


def _person(
    tenant: str, entry: str, data: object, timezone: str, platforms: Sequence[str]
) -> Person:
    item = _mapping(entry, data)
    _only(
        item, entry, {"id", "name", "manager", "locale", "timezone", "email", "roles", *platforms}
    )
    person_id = _text(entry, item, "id")
    entry = f"person '{person_id}'"
    locale = _text(entry, item, "locale", default="en")
    if locale not in {str(loc) for loc in Locale}:
        raise TableError(entry, f"locale is en or zh, not '{locale}'")
    roles = _list(f"{entry} roles", item.get("roles"))
    for role in roles:
        if role not in {str(r) for r in Role}:
            raise TableError(entry, f"roles are admin or supervisor, not '{role}'")
    return Person(
        tenant=tenant,
        id=person_id,
        name=_text(entry, item, "name", default=person_id),
        manager=_optional_text(entry, item, "manager"),
        locale=Locale(locale),
        timezone=_timezone(entry, item.get("timezone", timezone)),
        platform_ids={
            platform: platform_id
            for platform in platforms
            if (platform_id := _optional_text(entry, item, platform))
        },
        roles=frozenset(Role(str(r)) for r in roles),
        email=_optional_text(entry, item, "email"),
    )


def _team(tenant: str, entry: str, data: object, platforms: Sequence[str]) -> Team:
    item = _mapping(entry, data)
    _only(item, entry, {"id", "name", "parent", "lead", "members", "channels", "cadences"})
    team_id = _text(entry, item, "id")
    entry = f"team '{team_id}'"
    members = [str(m) for m in _list(f"{entry} members", item.get("members"))]
    channels = _mapping(f"{entry} channels", item.get("channels") or {})
    for platform in channels:
        if platform not in platforms:
            known = " or ".join(platforms)
            raise TableError(entry, f"channels are for {known}, not '{platform}'")
    return Team(
        tenant=tenant,
        id=team_id,
        name=_text(entry, item, "name", default=team_id),
        parent=_optional_text(entry, item, "parent"),
        lead=_optional_text(entry, item, "lead"),
        members=list(dict.fromkeys(members)),
        channels={str(k): str(v) for k, v in channels.items()},
        cadences=_cadences(entry, item.get("cadences")),
    )


def _cadences(entry: str, data: object) -> TeamCadences:
    try:
        return team_cadences(data)
    except CadenceSettingError as error:
        problem = plain_english("cadences_chat", f"problem_{error.code}", **error.facts)
        raise TableError(entry, problem) from None


def _objective(
    tenant: str, index: int, data: object, default: Period, limits: Limits
) -> tuple[Objective, Period]:
    entry = f"objectives[{index}]"
    item = _mapping(entry, data)
    _only(
        item, entry, {"id", "title", "owner", "parent", "origin", "status", "period", "key_results"}
    )
    objective_id = _optional_text(entry, item, "id") or ""
    title = _text(entry, item, "title")
    entry = f"objective '{objective_id or title}'"
    origin = _choice(entry, item, "origin", Origin, Origin.BOTTOM_UP)
    status = _choice(entry, item, "status", ObjectiveStatus, ObjectiveStatus.DRAFT)
    period = _period(f"{entry} period", item["period"]) if "period" in item else default
    key_results = [
        _key_result(f"{entry} key_results[{i}]", kr)
        for i, kr in enumerate(_list(f"{entry} key_results", item.get("key_results")))
    ]
    try:
        check_key_result_count(objective_id or title, len(key_results), limits)
    except OkrError as error:
        raise TableError(entry, _problem(error)) from None
    objective = Objective(
        tenant=tenant,
        id=objective_id,
        title=title,
        owner=Owner.parse(_text(entry, item, "owner")),
        period=period.name,
        parent=_optional_text(entry, item, "parent"),
        origin=origin,
        status=status,
        key_results=key_results,
    )
    return objective, period


def _key_result(entry: str, data: object) -> KeyResult:
    item = _mapping(entry, data)
    _only(
        item,
        entry,
        {
            "id",
            "title",
            "kind",
            "start",
            "target",
            "current",
            "unit",
            "weight",
            "owner",
            "confidence",
            "self_score",
            "done",
        },
    )
    kr_id = _optional_text(entry, item, "id") or ""
    title = _text(entry, item, "title")
    entry = f"key result '{kr_id or title}'"
    kind = _choice(entry, item, "kind", KeyResultKind, KeyResultKind.METRIC)
    if kind is KeyResultKind.MILESTONE:
        done = item.get("done", False)
        if not isinstance(done, bool):
            raise TableError(entry, f"done is true or false, not '{done}'")
        start, target = 0.0, 1.0
        current = _number(entry, item, "current", 1.0 if done else 0.0)
    else:
        for required in ("start", "target"):
            if required not in item:
                raise TableError(entry, f"a metric needs a {required} (or set kind: milestone)")
        start, target = _number(entry, item, "start"), _number(entry, item, "target")
        current = _number(entry, item, "current", start)
    kr = KeyResult(
        id=kr_id,
        title=title,
        kind=kind,
        start=start,
        target=target,
        current=current,
        unit=_optional_text(entry, item, "unit") or "",
        weight=_number(entry, item, "weight", 1.0),
        owner=_optional_text(entry, item, "owner"),
        confidence=_optional_number(entry, item, "confidence"),
        self_score=_optional_number(entry, item, "self_score"),
    )
    try:
        check_key_result(kr)
    except OkrError as error:
        raise TableError(entry, _problem(error)) from None
    return kr


def _problem(error: OkrError) -> str:
    """The refusal's wording without the subject, which the entry already names."""
    text = str(error)
    for name in ("key_result", "objective"):
        subject = error.facts.get(name)
        text = text.replace(f"key result '{subject}' ", "").replace(f"objective '{subject}' ", "")
    return text


def _period(entry: str, data: object) -> Period:
    if data is None:
        raise TableError(
            entry, "is missing: name a quarter (2026-Q4), a year (2026), or {name, start, end}"
        )
    if isinstance(data, int | str):
        try:
            return Period.named(str(data))
        except ValueError as error:
            raise TableError(entry, str(error)) from None
    item = _mapping(entry, data)
    _only(item, entry, {"name", "start", "end"})
    name = _text(entry, item, "name")
    start, end = _date(entry, item, "start"), _date(entry, item, "end")
    try:
        return Period.custom(name, start, end)
    except ValueError as error:
        raise TableError(entry, str(error)) from None


def _timezone(entry: str, value: object) -> str:
    name = str(value)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise TableError(entry, f"'{name}' is not a time zone (try Asia/Shanghai or UTC)") from None
    return name


def _date(entry: str, item: Mapping[str, object], key: str) -> date:
    value = item.get(key)
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise TableError(entry, f"{key} is a date like 2026-10-01, not '{value}'") from None


def _mapping(entry: str, data: object) -> Mapping[str, object]:
    if not isinstance(data, Mapping):
        raise TableError(entry, "should be a mapping of keys to values")
    return data


def _list(entry: str, data: object) -> Sequence[object]:
    if data is None:
        return []
    if not isinstance(data, list):
        raise TableError(entry, "should be a list")
    return data


def _only(item: Mapping[str, object], entry: str, allowed: set[str]) -> None:
    unknown = sorted(str(key) for key in item if key not in allowed)
    if unknown:
        raise TableError(entry, f"unknown key '{unknown[0]}' (known: {', '.join(sorted(allowed))})")


def _text(entry: str, item: Mapping[str, object], key: str, default: str | None = None) -> str:
    value = _optional_text(entry, item, key)
    if value is None:
        if default is None:
            raise TableError(entry, f"{key} is missing")
        return default
    return value


def _optional_text(entry: str, item: Mapping[str, object], key: str) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, bool | list | dict):
        raise TableError(entry, f"{key} should be text, not {value!r}")
    text = str(value).strip()
    if not text:
        raise TableError(entry, f"{key} is empty")
    return text


def _number(
    entry: str, item: Mapping[str, object], key: str, default: float | None = None
) -> float:
    value = _optional_number(entry, item, key)
    if value is None:
        if default is None:
            raise TableError(entry, f"{key} is missing")
        return default
    return value


def _optional_number(entry: str, item: Mapping[str, object], key: str) -> float | None:
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TableError(entry, f"{key} should be a number, not '{value}'")
    if not math.isfinite(value):
        raise TableError(entry, f"{key} should be a finite number, not '{value}'")
    return float(value)


_Choice = TypeVar("_Choice", Origin, ObjectiveStatus, KeyResultKind)


def _choice(
    entry: str, item: Mapping[str, object], key: str, kind: type[_Choice], default: _Choice
) -> _Choice:
    value = item.get(key)
    if value is None:
        return default
    try:
        return kind(str(value))
    except ValueError:
        options = " | ".join(str(option) for option in kind)
        raise TableError(entry, f"{key} is {options}, not '{value}'") from None


def _unique(kind: str, ids: Sequence[str]) -> None:
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            raise TableError(f"{kind} '{item_id}'", "this id is used twice in the table")
        seen.add(item_id)
