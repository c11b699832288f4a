"""Numbers as people write them, and units converted to the KR's."""

from tests.parser.samples import CHINESE, ENGLISH, UNITS, values


def test_thousands_separators_are_read() -> None:
    assert values("KR5 $176,500", ENGLISH) == {"spend": 176_500}


def test_k_suffix_is_thousands() -> None:
    assert values("KR5 172.5k", ENGLISH) == {"spend": 172_500}


def test_capital_m_suffix_is_millions() -> None:
    assert values("KR5 0.17M", ENGLISH) == {"spend": 170_000}


def test_english_number_words_are_read() -> None:
    assert values("KR2: fourteen", ENGLISH) == {"deals": 14}


def test_hyphenated_english_number_words_are_read() -> None:
    assert values("KR2: twenty-one", ENGLISH) == {"deals": 21}


def test_chinese_numerals_are_read() -> None:
    assert values("KR5:十二人", CHINESE) == {"hiring": 12}


def test_chinese_numerals_with_a_large_unit_are_read() -> None:
    assert values("KR4 三百八十万", CHINESE) == {"revenue": 380}


def test_digits_with_wan_are_read() -> None:
    assert values("KR4 营收386.5万", CHINESE) == {"revenue": 386.5}


def test_cheng_is_tenths() -> None:
    assert values("续约率八成", CHINESE) == {"renewal": 80}


def test_bai_fen_zhi_is_a_percentage() -> None:
    assert values("KR2 百分之八十", CHINESE) == {"renewal": 80}


def test_full_width_digits_are_read() -> None:
    assert values("KR2 \uff18\uff11\uff05", CHINESE) == {"renewal": 81}  # full-width 81%


def test_minutes_are_converted_to_hours() -> None:
    assert values("onboarding takes 390 minutes now", UNITS) == {"onboarding": 6.5}


def test_chinese_minutes_are_converted_to_hours() -> None:
    assert values("KR6 响应时长270分钟", CHINESE) == {"response": 4.5}


def test_hours_and_minutes_are_added_up() -> None:
    assert values("KR6 4小时30分钟", CHINESE) == {"response": 4.5}


def test_half_an_hour_is_read() -> None:
    assert values("KR6 缩短了半小时", CHINESE) == {"response": 4.5}


def test_seconds_are_converted_to_milliseconds() -> None:
    assert values("KR1 0.45s", ENGLISH) == {"latency": 450}


def test_lower_case_m_is_minutes_for_a_time_kr() -> None:
    assert values("KR3 13m", UNITS) == {"build": 780}


def test_k_is_divided_out_for_a_kr_counted_in_thousands() -> None:
    assert values("weekly active users 47.5k", UNITS) == {"users": 47.5}


def test_a_bare_number_is_already_in_the_kr_unit() -> None:
    assert values("KR2 47.5", UNITS) == {"users": 47.5}


def test_wan_is_divided_out_for_a_kr_counted_in_wan() -> None:
    assert values("季度营收3,900,000元", CHINESE) == {"revenue": 390}


def test_a_number_in_a_unit_that_cannot_fit_is_not_the_value() -> None:
    assert values("KR2 closed 3 more in 2 weeks", ENGLISH) == {"deals": 13}


def test_lower_case_m_after_a_currency_is_millions() -> None:
    assert values("KR5 $0.17m", ENGLISH) == {"spend": 170_000}
