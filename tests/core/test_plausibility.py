"""Which values read from a reply are shown back before they are stored, and what the person
likely meant instead."""

from bot.model import KeyResult, KeyResultKind
from bot.plausibility import is_plausible, likely_meant

USERS = KeyResult(
    "kr-users", "Grow weekly active users", start=40_000, target=60_000, current=45_000
)
CONVERSION = KeyResult(
    "kr-conv", "Raise trial conversion", start=10, target=30, current=12, unit="%"
)
LATENCY = KeyResult("kr-lat", "Cut p95 latency", start=800, target=300, current=600, unit="ms")
TUTORIALS = KeyResult("kr-tut", "Publish tutorials", start=0, target=8, current=3)
LAUNCH = KeyResult("kr-launch", "Launch the portal", kind=KeyResultKind.MILESTONE)


def test_a_value_between_start_and_target_is_plausible() -> None:
    assert is_plausible(USERS, 47_000) is True


def test_a_percentage_above_100_is_implausible() -> None:
    assert is_plausible(CONVERSION, 30_000) is False


def test_a_negative_count_is_implausible() -> None:
    assert is_plausible(TUTORIALS, -2) is False


def test_ten_times_beyond_the_target_is_implausible() -> None:
    assert is_plausible(TUTORIALS, 81) is False


def test_ten_times_below_both_ends_is_implausible() -> None:
    assert is_plausible(USERS, 1.2) is False


def test_going_back_by_more_than_the_whole_range_is_implausible() -> None:
    assert is_plausible(USERS, 20_000) is False


def test_a_falling_metric_moving_down_is_plausible() -> None:
    assert is_plausible(LATENCY, 280) is True


def test_a_falling_metric_going_back_past_its_range_is_implausible() -> None:
    assert is_plausible(LATENCY, 1_200) is False


def test_a_small_early_count_is_plausible() -> None:
    assert is_plausible(TUTORIALS, 1) is True


def test_a_milestone_is_never_doubted() -> None:
    assert is_plausible(LAUNCH, 1) is True


def test_thousands_left_out_are_offered_on_the_kr_scale() -> None:
    assert likely_meant(USERS, 47) == 47_000


def test_of_several_scales_the_one_nearest_the_current_value_is_offered() -> None:
    assert likely_meant(CONVERSION, 30_000) == 30


def test_no_scale_that_reads_plausibly_offers_nothing() -> None:
    assert likely_meant(USERS, 1.2) is None


def test_a_kr_counted_in_whole_numbers_is_offered_no_fraction() -> None:
    assert likely_meant(TUTORIALS, 300) is None
