"""The biweekly digest of a large team is the size of a small team's: a chart of a dozen bars at
most, in an image of one size, and a message that names a few of what is at risk, blocked or
missing and counts the rest, with every section there."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from bot.cadences.registry import BIWEEKLY_DIGEST
from bot.context import Chat
from bot.digest import Digest, ObjectiveDigest, team_digest
from bot.ports import ProgressChart
from bot.texts import Texts
from jobs.runner import run_cadence
from okrbot.charts import MatplotlibCharts
from tests.fakes import FakeCharts, FakeUnitOfWork, FixedClock, RecordingPlatform
from tests.replicas import fake_runner
from tests.workspace import checked_in_team

DIGEST = datetime(2026, 11, 6, 8, tzinfo=UTC)  # Friday 16:00 in Shanghai, a digest Friday
SINCE = DIGEST - timedelta(days=14)
SECTIONS = (
    "Biweekly wrap-up · Big · 2026-Q4 · 2026-10-23 → 2026-11-06",
    "people · ",  # the overview
    "Ship the platform · Big",  # the team's own objective
    "At risk: ",
    "Blockers: ",
    "Checked in (",
    "of objectives come bottom-up",
    "Four-quadrant board · Big",
    "Next fortnight: ",
)


def posted(uow: FakeUnitOfWork, charts: MatplotlibCharts | FakeCharts) -> RecordingPlatform:
    """The digest of the workspace's team, posted on Feishu with its chart."""
    clock = FixedClock(DIGEST)
    platform = RecordingPlatform("feishu", clock)
    chat = Chat(lambda: uow, clock, platform, Texts(platform.dialect), charts)
    run_cadence(fake_runner(chat, uow), "local", BIWEEKLY_DIGEST, DIGEST)
    return platform


@dataclass(frozen=True)
class Posted:
    """A team's digest as posted (its text and the chart asked for) and its numbers."""

    text: str
    chart: ProgressChart
    digest: Digest

    @property
    def furthest_behind(self) -> list[ObjectiveDigest]:
        return sorted(self.digest.objectives, key=lambda o: o.progress - o.expected)


def posted_digest(uow: FakeUnitOfWork) -> Posted:
    charts = FakeCharts()
    [post] = posted(uow, charts).posts()
    [chart] = charts.charts
    return Posted(
        post.text, chart, team_digest(uow, tenant="local", team_id="big", since=SINCE, until=DIGEST)
    )


@pytest.fixture(scope="module")
def hundred() -> Posted:
    return posted_digest(checked_in_team(100))


def png_size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    return width, height


def test_the_chart_of_a_team_of_100_is_as_large_as_of_a_team_of_10() -> None:
    sizes = []
    for people in (10, 100):
        [(_, png, _)] = posted(checked_in_team(people), MatplotlibCharts()).images
        sizes.append(png_size(png))
    assert sizes == [(800, 560), (800, 560)]


def test_the_chart_of_a_large_team_has_the_teams_bar_then_the_objectives_furthest_behind(
    hundred: Posted,
) -> None:
    assert (hundred.chart.labels[0], hundred.chart.progress) == (
        "Whole team · 201 objectives",
        (hundred.digest.progress, *(o.progress for o in hundred.furthest_behind[:11])),
    )


def test_the_chart_counts_the_objectives_it_has_no_bar_for(hundred: Posted) -> None:
    behind = sum(o.behind for o in hundred.furthest_behind[11:])
    assert hundred.chart.note == f"and {behind} more behind pace, {190 - behind} more on track"


def test_bars_of_objectives_of_one_title_are_told_apart_by_their_owners() -> None:
    assert posted_digest(checked_in_team(3)).chart.labels == (
        "Ship the platform · Big",
        "Objective · Person p0000 (o-p0000-0)",
        "Objective · Person p0000 (o-p0000-1)",
        "Objective · Person p0001 (o-p0001-0)",
        "Objective · Person p0001 (o-p0001-1)",
        "Objective · Person p0002 (o-p0002-0)",
        "Objective · Person p0002 (o-p0002-1)",
    )


def test_the_digest_of_a_team_of_100_has_every_section(hundred: Posted) -> None:
    assert [section for section in SECTIONS if section not in hundred.text] == []


def test_the_digest_counts_the_krs_at_risk_it_does_not_name(hundred: Posted) -> None:
    more = len(hundred.digest.at_risk) - 8
    assert f"; and {more} more at risk — /okr team big or /okr @name" in hundred.text


def test_the_digest_counts_the_blockers_it_does_not_name(hundred: Posted) -> None:
    assert "; and 26 more blocked" in hundred.text  # 34 blocked, 8 named


def test_the_digest_shows_the_teams_objective_and_counts_those_it_does_not_show(
    hundred: Posted,
) -> None:
    members = [o for o in hundred.furthest_behind if not o.objective.owner.is_team]
    behind = sum(o.behind for o in members[5:])
    assert (
        f"…and 195 more objectives, {behind} of them behind pace — /okr team big or /okr @name"
        in hundred.text
    )


def test_the_digest_names_a_few_who_have_not_checked_in_and_counts_the_rest(
    hundred: Posted,
) -> None:
    assert (
        "not yet: Person p0001, Person p0002, Person p0004, Person p0005, Person p0007, "
        "Person p0008, Person p0010, Person p0011 and 58 more"
    ) in hundred.text


def test_a_chinese_teams_digest_counts_in_chinese() -> None:
    assert "另有 26 个阻塞" in posted_digest(checked_in_team(100, locale="zh")).text
