"""Team leads change their team's cadences in chat: `/okr cadence weekly-checkin at 10:30`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot import access
from bot.cadences.cadence import Cadence
from bot.cadences.daily_standup import DAILY_STANDUP
from bot.errors import OkrError
from bot.model import Person, Team
from bot.ports import Clock, UnitOfWork
from bot.schedules import (
    STANDUP_OPENS,
    CadenceRule,
    CadenceSettingError,
    TeamCadences,
    rule_from,
    standup_opens_from,
    written_opens,
    written_rule,
)

# Words people may use for a setting, in either language.
KEYWORDS = {
    "days": "days",
    "日期": "days",
    "星期": "days",
    "at": "at",
    "时间": "at",
    "to": "to",
    "发到": "to",
    "opens": "opens",
    "提前": "opens",  # the standup's answers, the working day before
}
VALUES = {"关闭": "off", "开启": "on", "私信": "dm", "群": "channel", "频道": "channel"}


def may_set_cadences(uow: UnitOfWork, actor: Person, team: Team) -> bool:
    """The team's lead, the lead of a team above it, or an admin."""
    return actor.is_admin or actor.id in access.team_leads(uow, actor.tenant, team.id)


def change_cadence(
    uow: UnitOfWork,
    clock: Clock,
    *,
    tenant: str,
    actor: str,
    team_id: str,
    cadence: Cadence,
    words: Sequence[str],
) -> TeamCadences:
    """Apply `off`, `on`, or `days …`, `at HH:MM`, `to dm|channel` to one of the team's
    cadences, and for the standup `opens HH:MM|off` (when answers to it open the working day
    before). A setting that cannot be read raises `CadenceSettingError` and changes nothing."""
    with uow:
        acting = access.person(uow, tenant, actor)
        team = uow.teams.get(tenant, team_id)
        if team is None:
            raise OkrError("unknown_team", team=team_id)
        if not may_set_cadences(uow, acting, team):
            raise OkrError("not_allowed_to_set_cadences", actor=actor, team=team.name)
        setting = read_words(words)
        opens = setting.pop("opens", None) if isinstance(setting, dict) else None
        if opens is not None and cadence is not DAILY_STANDUP:
            raise CadenceSettingError("opens_only_for_standup")
        opened = standup_opens_from(opens) if opens is not None else None
        rule = (
            rule_from(cadence, setting, base=team.cadences.rule(cadence)) if setting != {} else None
        )
        if opens is not None:
            before_opens = team.cadences.standup_opens
            team.cadences = replace(team.cadences, standup_opens=opened)
            access.audit(
                uow,
                clock.now(),
                acting,
                "team.cadence_changed",
                team.id,
                cadence=STANDUP_OPENS,
                before=written_opens(before_opens),
                after=written_opens(opened),
            )
        if rule is not None:
            before = team.cadences.rule(cadence)
            team.cadences = team.cadences.with_rule(cadence, rule)
            access.audit(
                uow,
                clock.now(),
                acting,
                "team.cadence_changed",
                team.id,
                cadence=cadence.name,
                before=written(cadence, before),
                after=written(cadence, rule),
            )
        uow.teams.save(team)
        uow.commit()
    return team.cadences


def read_words(words: Sequence[str]) -> object:
    """`["at", "10:30", "to", "dm"]` → `{"at": "10:30", "to": "dm"}`; `["off"]` → `"off"`."""
    normal = [VALUES.get(word, word.casefold()) for word in words]
    if len(normal) == 1 and normal[0] in ("off", "on"):
        return normal[0]
    if not normal or len(normal) % 2:
        raise CadenceSettingError("no_setting")
    setting: dict[str, str] = {}
    for key, value in zip(normal[::2], normal[1::2], strict=True):
        if key not in KEYWORDS:
            raise CadenceSettingError("bad_setting", key=key)
        setting[KEYWORDS[key]] = value
    return setting


def written(cadence: Cadence, rule: CadenceRule) -> object:
    """A rule as the OKR table writes it (`default` when it is the default)."""
    return "default" if rule == cadence.default else written_rule(rule, cadence.default)
