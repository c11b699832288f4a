"""The biweekly wrap-up (双周总结), every other Friday from the period's start: the team's
progress since the last digest against the expected pace, what is at risk, who checked in,
the board, and a chart, posted in the team channel."""

from __future__ import annotations

from datetime import date, time, timedelta

from bot import insights
from bot.cadences.cadence import Cadence, Window, on_rule_days
from bot.cadences.calendar import TeamCalendar
from bot.cadences.occasion import Attachment, Content, Occasion, Target, reached
from bot.digest import team_digest
from bot.model import Locale, Owner
from bot.render.digest import Names, digest_chart, digest_message
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
        board = insights.board(
            o.chat.unit_of_work(),
            tenant=o.tenant,
            owner=Owner(o.team.id, is_team=True),
            today=o.day,
        )
        # The heading names the fortnight's first and last day in the team's time zone.
        days = (o.calendar.local_day(digest.since), o.calendar.local_day(digest.until))
        names = Names(o.team.name, o.workspace.people)
        png = o.chat.charts.progress_png(digest_chart(locale, digest, names))
        # Uploaded once the digest is posted, so a retried post never uploads it twice.
        chart = Attachment(png, f"digest-{o.team.id}-{o.day.isoformat()}") if png else None
        return Content(digest_message(o.chat.texts, locale, digest, board, names, days), chart)

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
