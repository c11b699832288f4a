"""A person's delivery log: every cadence delivery meant for them since a day, and what became
of it — sent, answered, skipped (by the bot, or by them), failed.

The deliveries only know whether a message went out. Whether it was answered is read when the
log is: a weekly check-in (and its reminder) from the check-in prompt it opened, a standup DM
from the standup answers of that day. `/okr log [@person]` shows it in chat; `okrbot jobs log
PERSON` on the command line."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from bot import access
from bot.cadences.calendar import TeamCalendar, team_calendars
from bot.cadences.registry import cadence_named
from bot.context import Chat, Request
from bot.errors import OkrError
from bot.lookup import find_person, no_person_reply
from bot.messages import Reply
from bot.model import Delivery, DeliveryStatus, Locale, Person, PromptStatus, Role, zone
from bot.ports import UnitOfWork
from bot.texts import Texts

LOG_DAYS = 14  # how far back the log goes unless told otherwise
CHAT_ENTRIES = 20  # the most recent entries a chat answer lists
BY_PERSON = "by_person"  # the reason of a check-in the person themselves skipped


class LogStatus(StrEnum):
    """What became of one delivery, as the log shows it (in this order in its summary)."""

    ANSWERED = "answered"  # sent, and the person answered it
    SENT = "sent"  # sent, not (yet) answered, or nothing to answer
    SKIPPED = "skipped"  # not sent (on leave, nothing to ask, ...), or skipped by the person
    FAILED = "failed"  # could not be delivered, for good
    MISSED = "missed"  # found too late to send
    SENDING = "sending"  # being sent, or waiting to be tried again


@dataclass(frozen=True)
class LogEntry:
    cadence: str
    at: datetime  # when the cadence fired, in the person's time zone
    status: LogStatus
    reason: str = ""  # why it was skipped or failed: a code, or the platform's words


@dataclass(frozen=True)
class DeliveryLog:
    person: Person
    since: date  # the person's local day the log starts on
    entries: tuple[LogEntry, ...]  # oldest first

    def counts(self) -> list[tuple[LogStatus, int]]:
        """How many entries have each status, for the statuses that occur."""
        return [
            (status, n)
            for status in LogStatus
            if (n := sum(e.status is status for e in self.entries))
        ]


def default_since(person: Person, now: datetime) -> date:
    return person.local_date(now) - timedelta(days=LOG_DAYS)


def delivery_log(uow: UnitOfWork, *, tenant: str, person_id: str, since: date) -> DeliveryLog:
    """The person's deliveries since the start of their local day `since`, oldest first."""
    with uow:
        person = access.person(uow, tenant, person_id)
        teams = {t.id: t for t in uow.teams.list(tenant)}
        start = datetime.combine(since, time(0), zone(person.timezone))
        rows = uow.delivery_log.of_person(tenant, person.id, start)
    if not rows:
        return DeliveryLog(person, since, ())
    calendars = team_calendars(
        uow, tenant, [teams[team] for team in dict.fromkeys(d.team for d in rows) if team in teams]
    )
    with uow:
        outcomes = [_outcome(uow, d, calendars.get(d.team)) for d in rows]
    here = zone(person.timezone)
    return DeliveryLog(
        person,
        since,
        tuple(
            LogEntry(d.cadence, d.occurrence.astimezone(here), status, reason)
            for d, (status, reason) in zip(rows, outcomes, strict=True)
        ),
    )


def _outcome(
    uow: UnitOfWork, delivery: Delivery, calendar: TeamCalendar | None
) -> tuple[LogStatus, str]:
    match delivery.status:
        case DeliveryStatus.SENT | DeliveryStatus.DONE:
            return _answer(uow, delivery, calendar)
        case DeliveryStatus.SKIPPED:
            return LogStatus.SKIPPED, delivery.detail
        case DeliveryStatus.FAILED:
            return LogStatus.FAILED, delivery.detail
        case DeliveryStatus.MISSED:
            return LogStatus.MISSED, ""
        case _:
            return LogStatus.SENDING, delivery.detail


def _answer(
    uow: UnitOfWork, delivery: Delivery, calendar: TeamCalendar | None
) -> tuple[LogStatus, str]:
    """What the person did with a delivery that reached them, by its cadence's rule."""
    cadence = cadence_named(delivery.cadence)
    if cadence is None or cadence.response is None or calendar is None:
        return LogStatus.SENT, ""
    match cadence.response(uow, delivery, calendar):
        case PromptStatus.ANSWERED:
            return LogStatus.ANSWERED, ""
        case PromptStatus.SKIPPED:
            return LogStatus.SKIPPED, BY_PERSON
    return LogStatus.SENT, ""


# Who may see whose log.


def may_see_log(
    viewer: Person, person_id: str, managers: Collection[str], team_leads: Collection[str]
) -> bool:
    """The person themselves, their manager chain, the leads of their teams (and of the teams
    above), supervisors and admins."""
    return (
        viewer.id == person_id
        or viewer.id in managers
        or viewer.id in team_leads
        or Role.SUPERVISOR in viewer.roles
        or viewer.is_admin
    )


def require_log_access(uow: UnitOfWork, viewer: Person, person: Person) -> None:
    with uow:
        managers = access.manager_chain(uow, viewer.tenant, person.id)
        theirs = [
            t.id
            for t in uow.teams.list(viewer.tenant)
            if person.id in t.members or t.lead == person.id
        ]
        leads = {lead for team in theirs for lead in access.team_leads(uow, viewer.tenant, team)}
    if not may_see_log(viewer, person.id, managers, leads):
        raise OkrError("not_allowed_to_see_log", actor=viewer.name, person=person.name)


# Showing it.


def log_lines(
    texts: Texts, locale: Locale, log: DeliveryLog, limit: int | None = None
) -> list[str]:
    """The log as lines of text: a heading, then one line per delivery (the latest `limit`)."""
    say = texts.voice(locale, "cadences_chat")
    if not log.entries:
        return [say("log_empty", person=log.person.name, since=log.since)]

    def word(block: str, **value: object) -> object:
        return texts.markup(say(block, **value))

    counts = [(word("log_status", status=s.value), n) for s, n in log.counts()]
    lines = [
        say(
            "log_heading",
            person=log.person.name,
            since=log.since,
            timezone=log.person.timezone,
            counts=counts,
        )
    ]
    shown: Sequence[LogEntry] = log.entries
    if limit is not None and len(shown) > limit:
        lines.append(say("log_earlier", count=len(shown) - limit))
        shown = shown[-limit:]
    lines += [
        say(
            "log_entry",
            at=e.at,
            cadence=_title(e.cadence, locale),
            status=word("log_status", status=e.status.value),
            reason=word("log_reason", reason=e.reason) if e.reason else "",
        )
        for e in shown
    ]
    return lines


def log_command(chat: Chat, request: Request, viewer: Person, argument: str) -> Reply:
    """`/okr log [@person]`: a person's deliveries of the last two weeks (default: yours)."""
    shown = viewer
    if argument.strip():
        found = find_person(chat, request.speaker, argument)
        if found.match is None:
            return no_person_reply(chat, viewer, argument, found, command="/okr log")
        shown = found.match
    require_log_access(chat.unit_of_work(), viewer, shown)
    log = delivery_log(
        chat.unit_of_work(),
        tenant=viewer.tenant,
        person_id=shown.id,
        since=default_since(shown, chat.clock.now()),
    )
    return Reply.saying(
        "\n".join(log_lines(chat.texts, viewer.locale, log, CHAT_ENTRIES)),
        private=not request.place.is_dm,
    )


def _title(cadence: str, locale: Locale) -> str:
    found = cadence_named(cadence)
    return found.title(locale) if found else cadence
