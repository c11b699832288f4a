"""Every cadence the bot runs, in the order they are listed to people. A new cadence is a
module of its own (see CONTRIBUTING.md) added here, plus its template blocks."""

from __future__ import annotations

from bot.cadences.biweekly_digest import BIWEEKLY_DIGEST
from bot.cadences.cadence import Cadence
from bot.cadences.checkin_escalation import CHECKIN_ESCALATION
from bot.cadences.checkin_reminder import CHECKIN_REMINDER
from bot.cadences.daily_standup import DAILY_STANDUP
from bot.cadences.quarter_end import QUARTER_END
from bot.cadences.quarter_end_summary import QUARTER_END_SUMMARY
from bot.cadences.standup_summary import STANDUP_SUMMARY
from bot.cadences.weekly_checkin import WEEKLY_CHECKIN
from bot.cadences.weekly_report import WEEKLY_REPORT
from bot.schedules import TeamCadences

CADENCES: tuple[Cadence, ...] = (
    DAILY_STANDUP,
    STANDUP_SUMMARY,
    WEEKLY_CHECKIN,
    CHECKIN_REMINDER,
    CHECKIN_ESCALATION,
    BIWEEKLY_DIGEST,
    WEEKLY_REPORT,
    QUARTER_END,
    QUARTER_END_SUMMARY,
)
NAMES = tuple(cadence.name for cadence in CADENCES)
_BY_NAME = {cadence.name: cadence for cadence in CADENCES}
_BY_WORD = {
    word.casefold(): cadence for cadence in CADENCES for word in (cadence.name, *cadence.words)
}


def cadence_named(name: str) -> Cadence | None:
    """The cadence a name stands for (`weekly-checkin`), as stored and typed on the CLI."""
    return _BY_NAME.get(name)


def cadence_called(word: str) -> Cadence | None:
    """The cadence a word people type stands for: its name or one of its words (`周会`)."""
    return _BY_WORD.get(word.casefold())


def team_cadences(data: object) -> TeamCadences:
    """A team's cadence settings from the OKR table's `cadences:` mapping."""
    return TeamCadences.from_data(data, CADENCES)


def written(settings: TeamCadences) -> dict[str, object]:
    """A team's cadence settings as the OKR table writes them."""
    return settings.to_data(CADENCES)
