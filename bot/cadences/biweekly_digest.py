"""The biweekly wrap-up (双周总结), every other Friday from the period's start: the team's
progress since the last digest against the expected pace, what is at risk, who checked in,
the board, and a chart, posted in the team channel."""

from __future__ import annotations

from datetime import date, time, timedelta

from bot import insights
from bot.cadences.cadence import Cadence, Window, on_rule_days
from bot.cadences.calendar import TeamCalendar
from bot.cadences.digest import team_digest
from bot.cadences.occasion import Attachment, Content, Occasion, Target, reached
from bot.messages import Block, Context, Divider, Message, Section
from bot.model import Locale, Owner
from bot.render.overviews import board_message
from bot.schedules import CadenceRule, Where


def targets(o: Occasion) -> list[Target]:
    locale = o.team_locale()
    since = max(
        o.calendar.occurrence(o.cadence, o.day - timedelta(days=14)),
        o.calendar.occurrence(o.cadence, o.calendar.period.start),
    )
    since = min(since, o.occurrence)

    def content() -> Content:
        digest = team_digest(
            o.chat.unit_of_work(),
            tenant=o.tenant,
            team_id=o.team.id,
            since=since,
            until=o.occurrence,
            timezone=o.calendar.timezone,
        )
        names = {p.id: p.name for p in o.members()}

        def say(block: str, **context: object) -> str:
            return o.say(locale, block, **context)

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
        png = o.chat.charts.progress_png(
            digest.chart(
                say("chart_title", team=o.team.name),
                expected_label=say("chart_expected", share=digest.expected),
                axis_label=say("chart_axis"),
            )
        )
        # Uploaded once the digest is posted, so a retried post never uploads it twice.
        chart = Attachment(png, f"digest-{o.team.id}-{o.day.isoformat()}") if png else None
        return Content(Message.of(*found), chart)

    return reached([o.channel_with(content)])


def _every_other_week(calendar: TeamCalendar, cadence: Cadence, day: date) -> bool:
    """The rule's days of the second week of each fortnight, counted from the period start."""
    return calendar.week_index(day) % 2 == 1 and on_rule_days(calendar, cadence, day)


BIWEEKLY_DIGEST = Cadence(
    name="biweekly-digest",
    default=CadenceRule(("fri",), time(16, 0), Where.CHANNEL),
    window=Window.FORTNIGHT,
    titles={Locale.EN: "biweekly wrap-up", Locale.ZH: "双周总结"},
    words=("双周总结",),
    targets=targets,
    fires=_every_other_week,
)
