"""Done words set a KR to its target; "not yet" and "in progress" are no update."""

from tests.parser.samples import CHINESE, ENGLISH, kr, values


def test_done_sets_a_milestone_to_its_target() -> None:
    assert values("KR3 done", ENGLISH) == {"portal": 1}


def test_done_sets_a_metric_to_its_target() -> None:
    assert values("KR2 done!", ENGLISH) == {"deals": 40}


def test_shipped_is_done() -> None:
    assert values("Partner portal shipped", ENGLISH) == {"portal": 1}


def test_live_is_done() -> None:
    assert values("The partner portal is live! 🎉", ENGLISH) == {"portal": 1}


def test_a_check_mark_is_done() -> None:
    assert values("KR3 ✅", ENGLISH) == {"portal": 1}


def test_wancheng_is_done() -> None:
    assert values("KR2 完成", CHINESE) == {"renewal": 85}


def test_yi_shangxian_is_done() -> None:
    assert values("会员小程序已上线", CHINESE) == {"app": 1}


def test_not_yet_is_no_update() -> None:
    assert values("KR3 not yet", ENGLISH) == {}


def test_in_progress_is_no_update() -> None:
    assert values("KR3 in progress", ENGLISH) == {}


def test_jinxingzhong_is_no_update() -> None:
    assert values("KR3 进行中", CHINESE) == {}


def test_weiwancheng_is_no_update() -> None:
    assert values("KR3 未完成", CHINESE) == {}


def test_almost_done_is_not_done() -> None:
    assert values("KR3 almost done", ENGLISH) == {}


def test_done_next_week_is_not_done() -> None:
    assert values("KR3 will be live next week", ENGLISH) == {}


def test_chinese_done_in_the_future_is_not_done() -> None:
    assert values("KR3 预计下周上线", CHINESE) == {}


def test_chinese_done_word_before_a_noun_is_not_done() -> None:
    assert values("工程师完成入职培训", CHINESE) == {}


def test_a_number_wins_over_a_done_word() -> None:
    assert values("又有2名工程师完成入职", CHINESE) == {"hiring": 6}


def test_the_past_tense_of_a_milestone_verb_is_done() -> None:
    round_ = (kr("series-b", "Close the Series B round", 0, 1, 0, "", "milestone"),)
    assert values("Series B closed!", round_) == {"series-b": 1}


def test_the_past_tense_of_a_metric_verb_is_not_done() -> None:
    assert values("KR2 closed deals with Acme", ENGLISH) == {}


def test_a_ticked_task_box_is_done() -> None:
    assert values("[x] KR3", ENGLISH) == {"portal": 1}
