"""Key results as people write them when drafting: a metric from a start to a target, or a
milestone."""

from bot.parser.drafts import DraftedKeyResult, read_key_result


def test_a_metric_from_a_start_to_a_target_keeps_its_unit() -> None:
    assert read_key_result("Grow weekly active users from 40k to 60k") == DraftedKeyResult(
        "Grow weekly active users from 40k to 60k",
        milestone=False,
        start=40_000,
        target=60_000,
        unit="users",
    )


def test_a_unit_that_starts_with_a_scale_letter_stays_whole() -> None:
    assert read_key_result("Cut search latency from 800ms to 300ms").unit == "ms"


def test_money_in_millions_is_read_after_the_currency() -> None:
    drafted = read_key_result("Raise ARR from $2m to $3m")
    assert (drafted.start, drafted.target, drafted.unit) == (2_000_000, 3_000_000, "$")


def test_a_falling_metric_without_a_start_asks_for_one() -> None:
    assert read_key_result("Cut p95 latency to 300ms").start_missing is True


def test_a_key_result_without_a_number_is_a_milestone() -> None:
    assert read_key_result("Launch the partner portal").milestone is True


def test_a_chinese_metric_from_a_start_to_a_target_is_named_by_its_noun() -> None:
    drafted = read_key_result("将月活从4万提升到6万")
    assert (drafted.start, drafted.target, drafted.unit) == (40_000, 60_000, "月活")


def test_a_four_digit_start_is_a_number_not_a_year() -> None:
    drafted = read_key_result("文档访问量从2000提升到5000")
    assert (drafted.start, drafted.target) == (2000, 5000)


def test_a_year_in_prose_is_not_the_target() -> None:
    assert read_key_result("Publish 8 tutorials in 2026").target == 8
