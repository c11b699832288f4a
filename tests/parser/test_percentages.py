"""A percentage is the value of a KR counted in %, and progress for any other KR."""

from tests.parser.samples import CHINESE, ENGLISH, kr, values


def test_percentage_is_the_value_of_a_percent_kr() -> None:
    assert values("KR4 86%", ENGLISH) == {"csat": 86}


def test_percentage_marked_done_is_progress_even_for_a_percent_kr() -> None:
    assert values("KR4 60% done", ENGLISH) == {"csat": 86}


def test_percentage_marked_wancheng_is_progress_even_for_a_percent_kr() -> None:
    assert values("KR2 完成60%", CHINESE) == {"renewal": 81}


def test_percentage_marked_jindu_is_progress_even_for_a_percent_kr() -> None:
    assert values("KR2 进度50%", CHINESE) == {"renewal": 80}


def test_a_rate_named_wanchenglv_is_not_progress() -> None:
    training = (kr("training", "年度培训完成率达到95%", 0, 95, 60, "%"),)
    assert values("KR1 培训完成率78%", training) == {"training": 78}


def test_percentage_is_progress_for_a_kr_in_another_unit() -> None:
    assert values("KR2 50%", ENGLISH) == {"deals": 20}


def test_progress_runs_from_start_to_target_for_a_falling_kr() -> None:
    assert values("KR1 40% done", ENGLISH) == {"latency": 600}


def test_half_done_is_fifty_percent() -> None:
    assert values("KR2 half done", ENGLISH) == {"deals": 20}


def test_wancheng_le_yiban_is_fifty_percent() -> None:
    assert values("KR4 完成了一半", CHINESE) == {"revenue": 400}


def test_three_quarters_is_seventy_five_percent() -> None:
    assert values("KR2 three quarters done", ENGLISH) == {"deals": 30}


def test_a_milestone_has_no_value_between_not_done_and_done() -> None:
    assert values("KR3 80% done", ENGLISH) == {}


def test_a_milestone_at_a_hundred_percent_is_done() -> None:
    assert values("KR3 100%", ENGLISH) == {"portal": 1}
