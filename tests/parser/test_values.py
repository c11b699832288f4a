"""The value is absolute, in the KR's unit; relative words change the current value."""

from tests.parser.samples import CHINESE, ENGLISH, kr, values


def test_a_number_is_the_new_value() -> None:
    assert values("KR2: 12", ENGLISH) == {"deals": 12}


def test_more_adds_to_the_current_value() -> None:
    assert values("Closed 3 more partner deals", ENGLISH) == {"deals": 13}


def test_another_adds_to_the_current_value() -> None:
    assert values("KR2 another 2", ENGLISH) == {"deals": 12}


def test_up_by_points_adds_to_the_current_value() -> None:
    assert values("CSAT went up by 2 points", ENGLISH) == {"csat": 86}


def test_a_plus_sign_adds_to_the_current_value() -> None:
    assert values("KR2 +4", ENGLISH) == {"deals": 14}


def test_new_this_week_adds_to_the_current_value() -> None:
    assert values("Signed 2 new partner deals this week", ENGLISH) == {"deals": 12}


def test_another_amount_of_money_for_a_falling_kr_goes_towards_the_target() -> None:
    assert values("KR5: another $5k saved", ENGLISH) == {"spend": 175_000}


def test_cut_another_takes_from_a_falling_kr() -> None:
    assert values("KR5 cut another $10k", ENGLISH) == {"spend": 170_000}


def test_down_by_takes_from_the_current_value() -> None:
    assert values("Cloud spend is down by $4,000", ENGLISH) == {"spend": 176_000}


def test_more_for_a_falling_kr_goes_towards_the_target() -> None:
    assert values("KR1 shaved 50 more ms", ENGLISH) == {"latency": 550}


def test_xinzeng_adds_to_the_current_value() -> None:
    assert values("KR5 新增2人", CHINESE) == {"hiring": 6}


def test_you_adds_to_the_current_value() -> None:
    assert values("又有2名工程师入职", CHINESE) == {"hiring": 6}


def test_duo_le_adds_to_the_current_value() -> None:
    assert values("KR2 续约率多了1个百分点", CHINESE) == {"renewal": 79}


def test_you_xiajiang_le_takes_from_the_current_value() -> None:
    assert values("工单积压又下降了40单", CHINESE) == {"backlog": 260}


def test_done_this_week_in_chinese_adds_to_the_current_value() -> None:
    assert values("本周招了两名工程师", CHINESE) == {"hiring": 6}


def test_a_stated_total_wins_over_a_change() -> None:
    assert values("Closed two more deals, so 12 partner deals now", ENGLISH) == {"deals": 12}


def test_arrow_means_the_value_after_it() -> None:
    assert values("KR1 600ms → 480ms", ENGLISH) == {"latency": 480}


def test_from_to_means_the_second_value() -> None:
    assert values("KR4 went from 84% to 86%", ENGLISH) == {"csat": 86}


def test_chinese_from_to_means_the_second_value() -> None:
    assert values("KR1 从300单降到了260单", CHINESE) == {"backlog": 260}


def test_a_fraction_means_its_numerator() -> None:
    assert values("KR2 12/40", ENGLISH) == {"deals": 12}


def test_out_of_means_the_first_number() -> None:
    assert values("KR2: 12 out of 40", ENGLISH) == {"deals": 12}


def test_was_marks_the_old_value() -> None:
    assert values("KR1 520ms (was 600ms)", ENGLISH) == {"latency": 520}


def test_what_is_left_counts_back_from_the_target() -> None:
    assert values("KR2: 25 to go", ENGLISH) == {"deals": 15}


def test_chinese_what_is_left_counts_back_from_the_target() -> None:
    assert values("KR5 还差5人", CHINESE) == {"hiring": 7}


def test_a_stated_level_in_chinese_is_absolute() -> None:
    assert values("续约率提升到81%", CHINESE) == {"renewal": 81}


def test_dates_are_not_values() -> None:
    assert values("KR2 12 as of 2026-10-12", ENGLISH) == {"deals": 12}


def test_numbers_inside_names_are_not_values() -> None:
    assert values("KR1 p95 down to 500ms", ENGLISH) == {"latency": 500}


def test_the_kr_title_copied_into_the_reply_is_not_read_for_values() -> None:
    reply = "KR1 Reduce API p95 latency from 800 ms to 300 ms: 540ms"
    assert values(reply, ENGLISH) == {"latency": 540}


def test_a_minus_sign_takes_from_the_current_value() -> None:
    assert values("KR1 -50ms", ENGLISH) == {"latency": 550}


def test_a_minus_sign_is_a_negative_value_for_a_kr_that_can_be_negative() -> None:
    nps = (kr("nps", "Raise NPS from -10 to 20", -10, 20, -5, "NPS"),)
    assert values("NPS -2", nps) == {"nps": -2}


def test_a_dash_between_reference_and_number_is_no_minus() -> None:
    assert values("KR 2 - 14", ENGLISH) == {"deals": 14}


def test_an_abbreviation_does_not_end_the_sentence() -> None:
    assert values("KR2 approx. 14", ENGLISH) == {"deals": 14}


def test_a_marked_total_wins_over_a_plain_number() -> None:
    assert values("KR2: closed 2, total 12", ENGLISH) == {"deals": 12}


def test_another_and_the_kr_unit_adds_one() -> None:
    assert values("Closed another partner deal", ENGLISH) == {"deals": 11}


def test_another_and_some_other_noun_adds_nothing() -> None:
    assert values("KR2: another week of legal review", ENGLISH) == {}


def test_a_couple_more_adds_two() -> None:
    assert values("Closed a couple more deals", ENGLISH) == {"deals": 12}


def test_chinese_arrow_means_the_value_after_it() -> None:
    assert values("KR6 5小时→4小时", CHINESE) == {"response": 4}


def test_chinese_fraction_means_its_numerator() -> None:
    assert values("KR5 6/12", CHINESE) == {"hiring": 6}
