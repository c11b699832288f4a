"""Who one occurrence of a cadence reaches, and what each of them is sent.

A target is a person (a DM) or a team's channel on one platform. People on leave are skipped
(and the skip is logged); people the platform cannot reach are left to another platform."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from bot import access, insights
from bot.cadences.calendar import TeamCalendar
from bot.cadences.digest import team_digest
from bot.cadences.settings import Cadence, Where
from bot.chat.check_in import Asked, mark_fresh, prompt_message
from bot.context import Chat
from bot.messages import Block, Context, Divider, Message, MessageRef, Section
from bot.model import (
    CadencePost,
    CheckInPrompt,
    Locale,
    Objective,
    ObjectiveStatus,
    Owner,
    Person,
    PromptStatus,
    Role,
    Team,
)
from bot.ports import Charts, Deliveries
from bot.render.overviews import board_message, report_message

Send = Callable[[str | None], MessageRef | None]  # given the send's idempotency key

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Target:
    key: str  # a person id, or `team:<id>@<platform>` for a channel post
    person: str | None
    send: Send
    skip: str | None = None  # why this target is not sent to (logged as SKIPPED)
    # The check-ins a sent message asks, to remember once it is sent (saved in batches).
    prompt: Callable[[MessageRef], Sequence[CheckInPrompt]] | None = None
    # Where a prompt people answer in place was posted (standups, channel check-ins).
    posted: Callable[[MessageRef], CadencePost] | None = None


@dataclass(frozen=True)
class Occasion:
    """One occurrence of a cadence for one team, with what building its targets needs."""

    chat: Chat
    charts: Charts
    tenant: str
    team: Team
    cadence: Cadence
    occurrence: datetime
    calendar: TeamCalendar
    homes: Mapping[str, str] | None = None  # person → home team, when already known
    # The workspace as read once for a whole fan-out, when already known.
    people: Mapping[str, Person] | None = None
    teams: Sequence[Team] | None = None
    leaves: Mapping[str, date] | None = None
    # The current period and its open objectives by owner, read once for a check-in fan-out.
    period: str | None = None
    objectives: Mapping[Owner, Sequence[Objective]] | None = None

    @property
    def deliveries(self) -> Deliveries:
        return self.chat.deliveries

    @property
    def day(self) -> date:
        return self.calendar.local_day(self.occurrence)

    @property
    def platform(self) -> str:
        return self.chat.platform.name


def checkin_prompt_id(person: str, occurrence: datetime) -> str:
    """The check-in prompt a weekly check-in occurrence sends: its id is the occurrence's."""
    return f"ci-{person}-{occurrence:%Y%m%dT%H%MZ}"


def targets(occasion: Occasion) -> list[Target]:
    builders: dict[Cadence, Callable[[Occasion], list[Target]]] = {
        Cadence.DAILY_STANDUP: _standup,
        Cadence.STANDUP_SUMMARY: _standup_summary,
        Cadence.WEEKLY_CHECKIN: _check_in,
        Cadence.CHECKIN_REMINDER: _reminder,
        Cadence.CHECKIN_ESCALATION: _escalation,
        Cadence.BIWEEKLY_DIGEST: _digest,
        Cadence.WEEKLY_REPORT: _weekly_report,
        Cadence.QUARTER_END: _quarter_end,
    }
    return builders[occasion.cadence](occasion)


def _standup(o: Occasion) -> list[Target]:
    """The standup post (answered in its thread) or DMs; each remembered as a `CadencePost`
    so that answers to it are recognised."""
    if o.calendar.settings.rule(o.cadence).where is Where.CHANNEL:
        locale = _team_locale(o)
        return [
            replace(t, posted=_posted(o, None))
            for t in _channel(
                o,
                lambda: [
                    Section(o.chat.texts.say(locale, "cadences", "standup", team=o.team.name))
                ],
            )
        ]
    uow = o.chat.unit_of_work()
    with uow:  # answered the evening before: not asked again
        ahead = {a.person for a in uow.standups.answers(o.tenant, o.team.id, o.day)}
    found = [
        _dm(o, person, lambda p: Message.of(Section(_say(o, p, "standup_dm", name=p.name))))
        for person in _home_members(o)
    ]
    return [
        replace(t, skip="answered_ahead")
        if t.person in ahead and t.skip is None
        else replace(t, posted=_posted(o, t.person))
        for t in found
        if t.key
    ]


def _posted(o: Occasion, person: str | None) -> Callable[[MessageRef], CadencePost]:
    return lambda ref: CadencePost(
        o.tenant,
        o.cadence.value,
        o.team.id,
        o.day,
        o.platform,
        ref.channel,
        ref.id,
        o.chat.clock.now(),
        person,
    )


def _standup_summary(o: Occasion) -> list[Target]:
    """The day's standup answers in the team channel, once, when the answer window closes
    (skipped, and logged so, on a day nobody answered)."""
    if not o.calendar.settings.rule(Cadence.DAILY_STANDUP).enabled:
        return []
    say = o.chat.texts.voice(_team_locale(o), "cadences")
    members = _members(o)  # everyone in the channel's team may answer in its thread
    uow = o.chat.unit_of_work()
    with uow:
        answers = list(uow.standups.answers(o.tenant, o.team.id, o.day))
        titles = {}
        for a in answers:
            holder = uow.objectives.with_key_result(o.tenant, a.kr_id) if a.kr_id else None
            kr = holder.key_result(a.kr_id) if holder and a.kr_id else None
            titles[a.person] = kr.title if kr else ""
    names = {p.id: p.name for p in members}
    answered = {a.person for a in answers}

    def blocks() -> list[Block]:
        found: list[Block] = [
            Section(
                say(
                    "standup_summary",
                    team=o.team.name,
                    day=o.day,
                    answered=len(answers),
                    total=len(members),
                    missing=[p.name for p in members if p.id not in answered],
                )
            )
        ]
        found += [
            Section(
                say(
                    "standup_summary_person",
                    name=names.get(a.person, a.person),
                    kr=titles[a.person],
                    yesterday=a.yesterday,
                    today=a.today,
                    blockers=a.blockers,
                )
            )
            for a in answers
        ]
        return found

    found = _channel(o, blocks)
    return found if answers else [replace(t, skip="no_answers") for t in found]


def _check_in(o: Occasion) -> list[Target]:
    people = _home_members(o)
    uow = o.chat.unit_of_work()
    with uow:
        period = o.period or access.default_period(uow, o.tenant)
        led = _led(people, o.teams if o.teams is not None else uow.teams.list(o.tenant))
        objectives = o.objectives
        if objectives is None:
            objectives = open_objectives(
                uow.objectives.of_owners(o.tenant, _owners(people, led), period)
            )
        asked = mark_fresh(uow, o.tenant, _asked(people, led, objectives), o.occurrence)
        done = _checked_in_this_week(
            o, uow.prompts.latest_for_many(o.tenant, [p.id for p in people])
        )
    if o.calendar.settings.rule(o.cadence).where is Where.CHANNEL:
        return _check_in_post(o, [p for p in people if p.id not in done], asked)
    found: list[Target] = []
    for person in people:
        if person.id in done:
            found.append(Target(person.id, person.id, _nothing, skip="checked_in_already"))
        elif not asked[person.id]:
            found.append(Target(person.id, person.id, _nothing, skip="nothing_to_ask"))
            continue
        found.append(_check_in_target(o, person, asked[person.id], period))
    return [t for t in found if t.key]


def _checked_in_this_week(o: Occasion, latest: Mapping[str, CheckInPrompt]) -> set[str]:
    """Who already answered a check-in (`/okr checkin`, another team's) this week, before this
    one went out: not asked again, nor reminded."""
    monday, _ = o.calendar.week(o.day)
    return {
        person
        for person, prompt in latest.items()
        if settled_since(prompt, monday) and prompt.id != checkin_prompt_id(person, o.occurrence)
    }


def _check_in_post(
    o: Occasion, people: Sequence[Person], asked: Mapping[str, list[Asked]]
) -> list[Target]:
    """One post in the team channel, answered in its thread: each member's check-in is
    remembered as if it had been sent to them (so answers, reminders and escalations count
    them as they count DMs)."""
    locale = _team_locale(o)

    def opened(ref: MessageRef) -> list[CheckInPrompt]:
        now = o.chat.clock.now()
        return [
            CheckInPrompt(
                tenant=o.tenant,
                id=checkin_prompt_id(p.id, o.occurrence),
                person=p.id,
                kr_ids=[a.kr.id for a in asked[p.id]],
                sent_at=now,
                platform=o.platform,
            )
            for p in people
            if asked[p.id]
        ]

    return [
        replace(t, posted=_posted(o, None), prompt=opened)
        for t in _channel(
            o,
            lambda: [
                Section(o.chat.texts.say(locale, "cadences", "checkin_channel", team=o.team.name))
            ],
        )
    ]


def _nothing(key: str | None) -> None:
    return None


def _led(people: Sequence[Person], teams: Sequence[Team]) -> dict[str, list[Team]]:
    """The teams each of these people leads (and is a member of)."""
    led: dict[str, list[Team]] = {p.id: [] for p in people}
    for team in teams:
        if team.lead in led and team.lead in team.members:
            led[team.lead].append(team)
    return led


def _owners(people: Sequence[Person], led: Mapping[str, list[Team]]) -> list[Owner]:
    return [Owner(p.id) for p in people] + [
        Owner(t.id, is_team=True) for theirs in led.values() for t in theirs
    ]


def open_objectives(objectives: Iterable[Objective]) -> dict[Owner, list[Objective]]:
    """The objectives a check-in asks about (not closed), by owner, in the order given."""
    by_owner: dict[Owner, list[Objective]] = {}
    for objective in objectives:
        if objective.status is not ObjectiveStatus.CLOSED:
            by_owner.setdefault(objective.owner, []).append(objective)
    return by_owner


def _asked(
    people: Sequence[Person],
    led: Mapping[str, list[Team]],
    objectives: Mapping[Owner, Sequence[Objective]],
) -> dict[str, list[Asked]]:
    """`check_in_krs` for many people: each person's own objectives, then those of the teams
    they lead (by team id), each owner's in id order."""
    asked: dict[str, list[Asked]] = {}
    for person in people:
        mine = [(Owner(person.id), None)] + [
            (Owner(t.id, is_team=True), t.name) for t in led[person.id]
        ]
        asked[person.id] = [
            Asked(objective, kr, team)
            for owner, team in mine
            for objective in objectives.get(owner, [])
            for kr in objective.key_results
        ]
    return asked


def _check_in_target(o: Occasion, person: Person, asked: list[Asked], period: str) -> Target:
    """The check-in DM: rendered and sent by a sender thread; its prompt, saved with others
    once sent, is named after the occurrence so that answers find it."""
    prompt_id = checkin_prompt_id(person.id, o.occurrence)
    prompt = CheckInPrompt(
        tenant=o.tenant,
        id=prompt_id,
        person=person.id,
        kr_ids=[a.kr.id for a in asked],
        sent_at=o.occurrence,
        platform=o.platform,
    )

    message = prompt_message(o.chat, person, prompt, asked, period=period)

    def send(key: str | None) -> MessageRef:
        return o.chat.platform.send_dm(o.tenant, person.platform_ids[o.platform], message, key=key)

    def sent(ref: MessageRef) -> list[CheckInPrompt]:
        return [replace(prompt, sent_at=o.chat.clock.now(), channel=ref.channel, message_id=ref.id)]

    target = _reachable(o, person, send)
    return replace(target, prompt=sent)


def _open_check_ins(o: Occasion) -> list[Person]:
    """Members whose check-in of this week is still unanswered: answering a later check-in
    since (another team's channel check-in, `/okr checkin`) settles it too."""
    checkin = o.calendar.containing(Cadence.WEEKLY_CHECKIN, o.occurrence)
    if checkin is None:
        return []
    uow = o.chat.unit_of_work()
    with uow:
        people = _home_members(o)
        asked = {p.id: checkin_prompt_id(p.id, checkin) for p in people}
        prompts = uow.prompts.get_many(o.tenant, list(asked.values()))
        open_ = [
            p
            for p in people
            if (prompt := prompts.get(asked[p.id])) is not None
            and prompt.status is PromptStatus.OPEN
        ]
        latest = uow.prompts.latest_for_many(o.tenant, [p.id for p in open_])
    return [
        p for p in open_ if not settled_since(latest.get(p.id), checkin) and not _on_leave(o, p)
    ]


def settled_since(
    latest: CheckInPrompt | None, moment: datetime, before: datetime | None = None
) -> bool:
    """Whether the person's latest check-in was answered or skipped at or after `moment` (and
    before `before`): a check-in settled anywhere (`/okr checkin`, another team's thread)
    settles the week's."""
    return (
        latest is not None
        and latest.status is not PromptStatus.OPEN
        and latest.answered_at is not None
        and latest.answered_at >= moment
        and (before is None or latest.answered_at < before)
    )


def _reminder(o: Occasion) -> list[Target]:
    week_start, _ = o.calendar.week(o.day)
    limit = o.calendar.settings.nudges_per_week
    open_ = _open_check_ins(o)
    nudged = o.deliveries.times_sent(
        o.tenant, Cadence.CHECKIN_REMINDER.value, [p.id for p in open_], week_start
    )
    found: list[Target] = []
    for person in open_:
        target = _dm(o, person, lambda p: Message.of(Section(_say(o, p, "reminder", name=p.name))))
        if nudged.get(person.id, 0) >= limit:
            target = replace(target, skip="nudged_enough")
        found.append(target)
    return [t for t in found if t.key]


def _escalation(o: Occasion) -> list[Target]:
    missing = _open_check_ins(o)
    people = o.people
    if people is None:
        uow = o.chat.unit_of_work()
        with uow:
            people = {p.id: p for p in uow.people.list(o.tenant)}
    by_manager: dict[str, list[Person]] = {}
    for person in missing:
        if person.manager is not None and person.manager in people:
            by_manager.setdefault(person.manager, []).append(person)

    def escalation(reports: list[Person]) -> Callable[[Person], Message]:
        names = [r.name for r in reports]
        return lambda p: Message.of(Section(_say(o, p, "escalation", name=p.name, people=names)))

    # The team is in the key: a manager with reports in several teams hears about each.
    found = [
        _keyed(_dm(o, people[manager], escalation(reports)), f"escalation:{o.team.id}:{manager}")
        for manager, reports in by_manager.items()
    ]
    members = _home_members(o)
    missing_names = [p.name for p in missing]
    found += [
        Target(
            f"compliance:{o.team.id}:{s.id}",
            s.id,
            _dm(
                o,
                s,
                lambda p: Message.of(
                    Section(
                        _say(
                            o,
                            p,
                            "compliance",
                            team=o.team.name,
                            total=len(members),
                            answered=len(members) - len(missing),
                            missing=missing_names,
                        )
                    )
                ),
            ).send,
        )
        for s in people.values()
        if Role.SUPERVISOR in s.roles and s.platform_ids.get(o.platform)
    ]
    return [t for t in found if t.key]


def _digest(o: Occasion) -> list[Target]:
    locale = _team_locale(o)
    say = o.chat.texts.voice(locale, "cadences")
    since = max(
        o.calendar.occurrence(o.cadence, o.day - timedelta(days=14)),
        o.calendar.occurrence(o.cadence, o.calendar.period.start),
    )
    since = min(since, o.occurrence)
    charts: list[bytes] = []  # the chart drawn with the blocks, uploaded once they are posted

    def blocks() -> list[Block]:
        digest = team_digest(
            o.chat.unit_of_work(),
            tenant=o.tenant,
            team_id=o.team.id,
            since=since,
            until=o.occurrence,
            timezone=o.calendar.timezone,
        )
        names = _names(o)
        found: list[Block] = [
            Section(
                say(
                    "digest_heading",
                    team=o.team.name,
                    period=digest.period,
                    since=o.calendar.local_day(digest.since),
                    until=o.calendar.local_day(digest.until),
                )
            )
        ]
        for objective in digest.objectives:
            found.append(
                Section(
                    say(
                        "digest_objective",
                        objective=objective.objective,
                        score=objective.score,
                        previous=objective.previous_score,
                    )
                )
            )
            found.extend(
                Context(
                    say(
                        "digest_kr",
                        kr=d.kr,
                        progress=d.progress,
                        delta=d.delta,
                        expected=d.expected,
                        confidence=d.confidence,
                        previous_confidence=d.previous_confidence,
                        trend=d.confidence_trend,
                    )
                )
                for d in objective.key_results
            )
        found.append(Divider())
        found.append(
            Section(
                say("digest_at_risk", items=digest.at_risk)
                if digest.at_risk
                else say("digest_no_risk")
            )
        )
        if digest.blockers:
            found.append(Section(say("digest_blockers", items=digest.blockers)))
        found.append(
            Section(
                say(
                    "digest_people",
                    checked=[names.get(p, p) for p in digest.checked_in],
                    missing=[names.get(p, p) for p in digest.not_checked_in],
                )
            )
        )
        found.append(Section(say("digest_bottom_up", share=digest.bottom_up_share)))
        board = insights.board(
            o.chat.unit_of_work(),
            tenant=o.tenant,
            owner=Owner(o.team.id, is_team=True),
            today=o.day,
        )
        found.extend(board_message(o.chat.texts, locale, o.team.name, board).blocks)
        found.append(Section(say("digest_next")))
        png = o.charts.progress_png(
            digest.chart(
                say("chart_title", team=o.team.name),
                expected_label=say("chart_expected", share=digest.expected),
                axis_label=say("chart_axis"),
            )
        )
        charts[:] = [png]
        return found

    def chart_after_post(ref: MessageRef) -> None:
        # Only once the digest is posted, so a retried post never uploads it twice; a failed
        # upload loses the picture, not the digest.
        try:
            o.chat.platform.upload_image(
                o.tenant, ref.channel, charts[0], f"digest-{o.team.id}-{o.day.isoformat()}"
            )
        except Exception:
            log.warning("the digest chart of %s could not be uploaded", o.team.id, exc_info=True)

    return _channel(o, blocks, after=chart_after_post)


def _weekly_report(o: Occasion) -> list[Target]:
    """Each member's own report of the week by DM (skipped for someone with no open
    objectives), and the team's in its channel, or by DM to its lead."""
    team = Owner(o.team.id, is_team=True)

    def report(owner: Owner, name: str, reader: Person | None) -> Message:
        """The week as the reader's own (a person's report), else the team's."""
        week = insights.weekly_report(
            o.chat.unit_of_work(),
            tenant=o.tenant,
            owner=owner,
            now=o.occurrence,
            timezone=reader.timezone if reader else o.calendar.timezone,
        )
        return report_message(
            o.chat.texts, reader.locale if reader else _team_locale(o), name, week
        )

    objectives = o.objectives
    if objectives is None:
        uow = o.chat.unit_of_work()
        with uow:
            objectives = open_objectives(
                uow.objectives.in_period(o.tenant, access.default_period(uow, o.tenant))
            )

    def about(owner: Owner, target: Target) -> Target:
        """Nothing to report on without open objectives: skipped, and logged so."""
        if target.skip is None and not objectives.get(owner):
            return replace(target, skip="nothing_to_report")
        return target

    found = [
        about(Owner(person.id), _dm(o, person, lambda p: report(Owner(p.id), p.name, p)))
        for person in _home_members(o)
    ]
    lead = _lead(o)
    if o.calendar.settings.rule(o.cadence).where is Where.CHANNEL:
        found += [
            about(team, t) for t in _channel(o, lambda: report(team, o.team.name, None).blocks)
        ]
    elif lead is not None:
        # The team's week and language are its lead's.
        found.append(
            about(
                team,
                _keyed(
                    _dm(o, lead, lambda _: report(team, o.team.name, None)),
                    f"team-report:{o.team.id}:{lead.id}",
                ),
            )
        )
    return [t for t in found if t.key]


def _quarter_end(o: Occasion) -> list[Target]:
    uow = o.chat.unit_of_work()
    with uow:
        period = access.default_period(uow, o.tenant)
    found = _channel(
        o,
        lambda: [
            Section(
                o.chat.texts.say(
                    _team_locale(o),
                    "cadences",
                    "quarter_end_channel",
                    team=o.team.name,
                    period=period,
                )
            )
        ],
    )
    found += [
        _dm(
            o,
            p,
            lambda q: Message.of(Section(_say(o, q, "quarter_end_dm", name=q.name, period=period))),
        )
        for p in _home_members(o)
    ]
    return [t for t in found if t.key]


def _channel(
    o: Occasion,
    blocks: Callable[[], Sequence[Block]],
    after: Callable[[MessageRef], None] | None = None,
) -> list[Target]:
    channel = o.team.channels.get(o.platform)
    if channel is None:
        return []

    def send(key: str | None) -> MessageRef:
        ref = o.chat.platform.post(o.tenant, channel, Message.of(*blocks()), key=key)
        if after is not None:
            after(ref)
        return ref

    return [Target(f"team:{o.team.id}@{o.platform}", None, send)]


def _dm(o: Occasion, person: Person, message: Callable[[Person], Message]) -> Target:
    def send(key: str | None) -> MessageRef:
        return o.chat.platform.send_dm(
            o.tenant, person.platform_ids[o.platform], message(person), key=key
        )

    return _reachable(o, person, send)


def _keyed(target: Target, key: str) -> Target:
    """`target` under another delivery key (an unreachable one stays unkeyed)."""
    return replace(target, key=key) if target.key else target


def _reachable(o: Occasion, person: Person, send: Send) -> Target:
    """A DM target, skipped while the person is on leave; an empty key where this platform
    cannot reach them (another platform may)."""
    if not person.platform_ids.get(o.platform):
        return Target("", person.id, send)
    if _on_leave(o, person):
        return Target(person.id, person.id, send, skip="on_leave")
    return Target(person.id, person.id, send)


def _on_leave(o: Occasion, person: Person) -> bool:
    until = (
        o.leaves.get(person.id)
        if o.leaves is not None
        else o.deliveries.leave_until(o.tenant, person.id)
    )
    return until is not None and until >= o.day


def _members(o: Occasion) -> list[Person]:
    ids = list(dict.fromkeys(([o.team.lead] if o.team.lead else []) + o.team.members))
    if o.people is not None:
        return [o.people[pid] for pid in ids if pid in o.people]
    uow = o.chat.unit_of_work()
    with uow:
        return [p for pid in ids if (p := uow.people.get(o.tenant, pid)) is not None]


def _home_members(o: Occasion) -> list[Person]:
    """The members whose DMs come from this team: someone in several teams is prompted by
    their most specific one (not a parent of another of their teams), so once a week."""
    homes = o.homes
    if homes is None:
        uow = o.chat.unit_of_work()
        with uow:
            homes = home_teams(uow.teams.list(o.tenant))
    return [p for p in _members(o) if homes.get(p.id, o.team.id) == o.team.id]


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
        homes[person] = (
            min(t.id for t in theirs if t.id not in parents)
            if any(t.id not in parents for t in theirs)
            else min(t.id for t in theirs)
        )
    return homes


def _names(o: Occasion) -> dict[str, str]:
    return {p.id: p.name for p in _members(o)}


def _lead(o: Occasion) -> Person | None:
    return next((p for p in _members(o) if p.id == o.team.lead), None)


def _team_locale(o: Occasion) -> Locale:
    lead = _lead(o)
    return lead.locale if lead else Locale.EN


def _say(o: Occasion, person: Person, block: str, **context: object) -> str:
    return o.chat.texts.say(person.locale, "cadences", block, **context)
