from datetime import UTC, date, datetime

import pytest

from bot.model import KeyResult, KeyResultKind, Objective, Owner, Period, PeriodKind, Person


def metric(start: float, target: float, current: float, weight: float = 1.0) -> KeyResult:
    return KeyResult("kr", "a metric", start=start, target=target, current=current, weight=weight)


def test_rising_metric_progress_is_the_share_of_the_way_from_start_to_target() -> None:
    assert metric(40_000, 60_000, 45_000).progress == 0.25


def test_falling_metric_progress_counts_the_way_down() -> None:
    assert metric(3.0, 1.5, 2.6).progress == pytest.approx(0.2667, abs=1e-4)


def test_progress_is_clamped_to_zero_when_a_metric_moves_the_wrong_way() -> None:
    assert metric(10, 20, 5).progress == 0.0


def test_progress_is_clamped_to_one_past_the_target() -> None:
    assert metric(10, 20, 25).progress == 1.0


def test_milestone_progress_is_zero_until_done() -> None:
    milestone = KeyResult("kr", "ship it", kind=KeyResultKind.MILESTONE, current=0)
    assert milestone.progress == 0.0


def test_done_milestone_progress_is_one() -> None:
    milestone = KeyResult("kr", "ship it", kind=KeyResultKind.MILESTONE, current=1)
    assert milestone.progress == 1.0


def test_objective_score_is_the_weighted_mean_of_its_key_results() -> None:
    objective = Objective(
        "local",
        "o",
        "grow",
        Owner("mia"),
        "2026-Q4",
        key_results=[metric(0, 10, 10, weight=3), metric(0, 10, 2, weight=1)],
    )
    assert objective.score == pytest.approx((1.0 * 3 + 0.2 * 1) / 4)


def test_objective_without_key_results_scores_zero() -> None:
    assert Objective("local", "o", "grow", Owner("mia"), "2026-Q4").score == 0.0


def test_self_score_replaces_progress_in_the_score() -> None:
    kr = metric(0, 10, 10)
    kr.self_score = 0.7
    assert kr.score == 0.7


def test_a_quarter_name_covers_its_three_months() -> None:
    assert Period.named("2026-Q4") == Period(
        "2026-Q4", date(2026, 10, 1), date(2026, 12, 31), PeriodKind.QUARTER
    )


def test_a_year_name_is_an_annual_period() -> None:
    assert Period.named("2026").is_annual


def test_a_malformed_period_name_is_refused() -> None:
    with pytest.raises(ValueError, match="2026-Q5"):
        Period.named("2026-Q5")


def test_elapsed_share_of_a_quarter_halfway_through() -> None:
    quarter = Period.named("2026-Q1")  # 90 days
    assert quarter.elapsed(date(2026, 2, 14)) == 45 / 90


def test_elapsed_share_is_zero_before_and_one_after_the_period() -> None:
    quarter = Period.named("2026-Q1")
    assert (quarter.elapsed(date(2025, 12, 1)), quarter.elapsed(date(2026, 5, 1))) == (0.0, 1.0)


def test_a_persons_day_is_the_day_in_their_time_zone() -> None:
    late_evening_utc = datetime(2026, 11, 2, 20, 0, tzinfo=UTC)
    people = [
        Person("local", "wang", "王芳", timezone="Asia/Shanghai"),
        Person("local", "mia", "Mia", timezone="Nowhere/Atlantis"),
    ]
    assert [p.local_date(late_evening_utc) for p in people] == [
        date(2026, 11, 3),
        date(2026, 11, 2),
    ]
