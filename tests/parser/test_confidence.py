"""Confidence in any of its forms, for one KR or for the whole reply."""

from tests.parser.samples import CHINESE, ENGLISH, confidences, parse


def test_out_of_ten_is_read_as_a_fraction() -> None:
    assert confidences("KR2 12, confidence 7/10", ENGLISH) == {"deals": 0.7}


def test_a_percentage_after_confidence_is_read_as_a_fraction() -> None:
    assert confidences("KR2 12 (confidence 70%)", ENGLISH) == {"deals": 0.7}


def test_a_fraction_after_confidence_is_read_as_it_is() -> None:
    assert confidences("KR2 12, confidence 0.7", ENGLISH) == {"deals": 0.7}


def test_xinxin_zhishu_is_confidence_out_of_ten() -> None:
    assert confidences("KR2 80%,信心指数7", CHINESE) == {"renewal": 0.7}


def test_fen_after_xinxin_is_confidence_out_of_ten() -> None:
    assert confidences("KR2 80%,信心7分", CHINESE) == {"renewal": 0.7}


def test_confidence_may_come_before_its_number_with_words_between() -> None:
    assert parse("Confidence is low this week (4/10).", ENGLISH).confidence == 0.4


def test_a_percentage_before_confident_is_confidence() -> None:
    assert confidences("KR2 at 14, 70% confident", ENGLISH) == {"deals": 0.7}


def test_a_changed_confidence_is_the_new_one() -> None:
    assert confidences("KR2 14, confidence down from 7 to 5", ENGLISH) == {"deals": 0.5}


def test_confidence_is_not_read_as_the_kr_value() -> None:
    assert parse("KR2 confidence 6/10", ENGLISH).updates[0].value is None


def test_confidence_in_the_clause_of_one_kr_belongs_to_it() -> None:
    assert confidences("KR1 520ms, KR2 12 (confidence 8/10)", ENGLISH) == {"deals": 0.8}


def test_confidence_in_the_clause_of_one_kr_is_not_the_reply_confidence() -> None:
    assert parse("KR2 12, confidence 8/10", ENGLISH).confidence is None


def test_confidence_on_its_own_is_the_reply_confidence() -> None:
    assert parse("Overall confidence 7/10. KR2 12", ENGLISH).confidence == 0.7


def test_overall_confidence_inside_a_kr_clause_is_the_reply_confidence() -> None:
    assert parse("KR2: 12; KR4: 86%, overall confidence 0.6", ENGLISH).confidence == 0.6


def test_zhengti_xinxin_is_the_reply_confidence() -> None:
    assert parse("KR5 6人;整体信心6/10", CHINESE).confidence == 0.6


def test_confidence_of_a_sentence_that_names_a_kr_by_its_words_belongs_to_it() -> None:
    assert confidences("We're at 14 partner deals now, confidence 6/10", ENGLISH) == {"deals": 0.6}


def test_a_bare_out_of_ten_beside_a_value_is_confidence() -> None:
    assert confidences("KR2 14 (7/10)", ENGLISH) == {"deals": 0.7}


def test_confidence_shared_by_two_krs_is_the_reply_confidence() -> None:
    assert parse("KR3 and KR4 done, confidence 9/10", ENGLISH).confidence == 0.9


def test_confidence_without_a_number_is_not_read() -> None:
    assert parse("信心十足", CHINESE).confidence is None


def test_a_number_after_confident_and_other_words_is_not_confidence() -> None:
    assert parse("I'm confident we'll close 40 deals", ENGLISH).confidence is None
