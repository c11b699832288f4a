"""One occurrence of a cadence for one team, and who it reaches with what.

The core answers "who gets what, and what does it say": a cadence's `targets` turns an
`Occasion` into `Target`s, plain data. `jobs/` claims them, sends them and records what was
sent. A target is a person (a DM) or a team's channel on one platform; people on leave are
skipped (and the skip is logged); people the platform cannot reach are left to another
platform."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from bot import access
from bot.cadences.cadence import Cadence
from bot.cadences.calendar import TeamCalendar
from bot.context import Chat
from bot.messages import Block, Message, MessageRef, Section
from bot.model import (
    CadencePost,
    CheckInPrompt,
    Locale,
    Objective,
    ObjectiveStatus,
    Owner,
    Person,
    Team,
)
from bot.ports import UnitOfWork


@dataclass(frozen=True)
class Attachment:
    """An image posted after the message it belongs to (the digest's chart)."""

    png: bytes
    title: str


@dataclass(frozen=True)
class Content:
    message: Message
    attachment: Attachment | None = None


@dataclass(frozen=True)
class Target:
    """One delivery of an occasion: whom, what (rendered when it is sent), and what to keep
    once it is sent."""

    key: str  # the delivery's target: a person id, `team:<id>@<platform>`, ...
    person: str | None
    to: str  # the platform's user id (a DM) or channel id (a post)
    dm: bool
    content: Callable[[], Content]
    skip: str | None = None  # why this target is not sent to (logged as SKIPPED)
    # The check-ins the message asks: kept once it is sent (a DM's with where it is).
    prompts: tuple[CheckInPrompt, ...] = ()
    # Where people answer the message in place (standups, channel check-ins): kept once sent.
    post: CadencePost | None = None

    def skipped(self, reason: str) -> Target:
        return replace(self, skip=reason)

    def kept(self, ref: MessageRef, at: datetime) -> tuple[list[CheckInPrompt], CadencePost | None]:
        """What to remember of this target once sent as `ref` at `at`."""
        if self.dm:
            prompts = [
                replace(p, sent_at=at, channel=ref.channel, message_id=ref.id) for p in self.prompts
            ]
        else:
            prompts = [replace(p, sent_at=at) for p in self.prompts]
        post = (
            replace(self.post, channel=ref.channel, message_id=ref.id, sent_at=at)
            if self.post is not None
            else None
        )
        return prompts, post


@dataclass(frozen=True)
class Workspace:
    """What every occasion of a fan-out reads, read once per workspace."""

    tenant: str
    period: str
    people: Mapping[str, Person]
    teams: Sequence[Team]
    homes: Mapping[str, str]  # person → home team (`home_teams`)
    leaves: Mapping[str, date]  # person → last day away
    # The open objectives by owner, read for the cadences that need them (`reads_objectives`).
    objectives: Mapping[Owner, Sequence[Objective]]


def read_workspace(uow: UnitOfWork, tenant: str, *, objectives: bool) -> Workspace:
    with uow:
        teams = uow.teams.list(tenant)
        people = {p.id: p for p in uow.people.list(tenant)}
        period = access.default_period(uow, tenant)
        leaves = uow.leaves.of_tenant(tenant)
        # One read for every team's check-in or report rather than one per team.
        by_owner = open_objectives(uow.objectives.in_period(tenant, period)) if objectives else {}
    return Workspace(tenant, period, people, teams, home_teams(teams), leaves, by_owner)


def open_objectives(objectives: Iterable[Objective]) -> dict[Owner, list[Objective]]:
    """The objectives a check-in asks about (not closed), by owner, in the order given."""
    by_owner: dict[Owner, list[Objective]] = {}
    for objective in objectives:
        if objective.status is not ObjectiveStatus.CLOSED:
            by_owner.setdefault(objective.owner, []).append(objective)
    return by_owner


def home_teams(teams: Sequence[Team]) -> dict[str, str]:
    """Each person's home team: the most specific team they are in (not a parent of another
    of their teams), the first by id if several."""
    mine: dict[str, list[Team]] = {}
    for team in teams:
        for person in dict.fromkeys(([team.lead] if team.lead else []) + team.members):
            mine.setdefault(person, []).append(team)
    homes = {}
    for person, theirs in mine.items():
        parents = {t.parent for t in theirs}
        specific = [t.id for t in theirs if t.id not in parents]
        homes[person] = min(specific) if specific else min(t.id for t in theirs)
    return homes


@dataclass(frozen=True)
class Occasion:
    """One occurrence of a cadence for one team, with what building its targets needs: the
    bot on the platform, and the workspace as read once for the fan-out."""

    chat: Chat
    cadence: Cadence
    team: Team
    occurrence: datetime
    calendar: TeamCalendar
    workspace: Workspace

    @property
    def tenant(self) -> str:
        return self.workspace.tenant

    @property
    def day(self) -> date:
        return self.calendar.local_day(self.occurrence)

    @property
    def platform(self) -> str:
        return self.chat.platform.name

    def say(self, locale: Locale, block: str, **context: object) -> str:
        return self.chat.texts.say(locale, "cadences", block, **context)

    def dm(self, person: Person, message: Callable[[Person], Message]) -> Target | None:
        """A DM to the person, skipped while they are on leave; None where this platform
        cannot reach them (another platform may)."""
        user_id = self.chat.platform.address(person)
        if not user_id:
            return None
        target = Target(person.id, person.id, user_id, True, lambda: Content(message(person)))
        return target.skipped("on_leave") if self.on_leave(person) else target

    def skip(self, person: Person, reason: str) -> Target:
        """A person this occasion does not prompt, logged with the reason."""
        return Target(person.id, person.id, "", True, _nothing, skip=reason)

    def channel(self, blocks: Callable[[], Sequence[Block]]) -> Target | None:
        """One post in the team's channel on this platform, if it has one there."""
        return self.channel_with(lambda: Content(Message.of(*blocks())))

    def channel_with(self, content: Callable[[], Content]) -> Target | None:
        """`channel`, for a post that comes with an attachment."""
        channel = self.chat.platform.channel_of(self.team)
        if channel is None:
            return None
        return Target(f"team:{self.team.id}@{self.platform}", None, channel, False, content)

    def posted(self, person: str | None = None) -> CadencePost:
        """Where a prompt people answer in place is posted; its message is filled in once
        sent (see `Target.kept`)."""
        return CadencePost(
            self.tenant,
            self.cadence.name,
            self.team.id,
            self.day,
            self.platform,
            "",
            "",
            self.occurrence,
            person,
        )

    def on_leave(self, person: Person) -> bool:
        until = self.workspace.leaves.get(person.id)
        return until is not None and until >= self.day

    def members(self) -> list[Person]:
        """The team's lead and members, as the workspace knows them."""
        ids = dict.fromkeys(([self.team.lead] if self.team.lead else []) + self.team.members)
        return [self.workspace.people[pid] for pid in ids if pid in self.workspace.people]

    def home_members(self) -> list[Person]:
        """The members whose DMs come from this team: someone in several teams is prompted by
        their most specific one (not a parent of another of their teams), so once a week."""
        homes = self.workspace.homes
        return [p for p in self.members() if homes.get(p.id, self.team.id) == self.team.id]

    def lead(self) -> Person | None:
        return self.workspace.people.get(self.team.lead) if self.team.lead else None

    def failure_report(self, target: Target, reason: str) -> tuple[str, Message] | None:
        """What to tell the team lead of a target that could not be delivered, and where: the
        lead's user id on this platform. None when there is nobody else to tell."""
        lead = self.lead()
        user_id = self.chat.platform.address(lead) if lead else None
        if lead is None or user_id is None or lead.id == target.person:
            return None
        person = self.workspace.people.get(target.person or "")
        text = self.say(
            lead.locale,
            "failure_report",
            cadence=self.cadence.title(lead.locale),
            person=person.name if person else target.key,
            reason=reason,
        )
        return user_id, Message.of(Section(text))

    def team_locale(self) -> Locale:
        """The language of the team's channel posts: its lead's."""
        lead = self.lead()
        return lead.locale if lead else Locale.EN


def _nothing() -> Content:
    return Content(Message(""))


def reached(targets: Iterable[Target | None]) -> list[Target]:
    """The targets this platform can reach."""
    return [t for t in targets if t is not None]
