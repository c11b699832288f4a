"""A KR is named by number, by its place in a numbered list, or by its words and unit."""

from tests.parser.samples import CHINESE, ENGLISH, parse, values


def test_kr_and_number_names_a_kr() -> None:
    assert values("KR2 14", ENGLISH) == {"deals": 14}


def test_kr_number_may_be_spaced_lower_case_or_hashed() -> None:
    assert values("kr 2 14; KR#4 86%", ENGLISH) == {"deals": 14, "csat": 86}


def test_hash_and_number_names_a_kr() -> None:
    assert values("#2 15", ENGLISH) == {"deals": 15}


def test_chinese_ordinal_names_a_kr() -> None:
    assert values("第二个KR:80%", CHINESE) == {"renewal": 80}


def test_chinese_ordinal_may_be_written_in_digits() -> None:
    assert values("第2个KR 80%", CHINESE) == {"renewal": 80}


def test_english_ordinal_names_a_kr() -> None:
    assert values("The second KR is at 16", ENGLISH) == {"deals": 16}


def test_each_reference_owns_the_text_up_to_the_next() -> None:
    assert values("KR1 550ms, KR2 12, KR4 85%", ENGLISH) == {
        "latency": 550,
        "deals": 12,
        "csat": 85,
    }


def test_references_need_no_punctuation_between_them() -> None:
    assert values("kr1 550 ms kr2 12", ENGLISH) == {"latency": 550, "deals": 12}


def test_numbered_list_lines_name_krs_by_position() -> None:
    assert values("1. 520ms\n2. 13\n3. not yet\n4. 85%", ENGLISH) == {
        "latency": 520,
        "deals": 13,
        "csat": 85,
    }


def test_numbered_list_with_parentheses_on_one_line_names_krs_by_position() -> None:
    assert values("1) 510 2) 14 4) 86%", ENGLISH) == {"latency": 510, "deals": 14, "csat": 86}


def test_chinese_numbered_list_names_krs_by_position() -> None:
    assert values("1、280单\n2、80%\n3、进行中", CHINESE) == {"backlog": 280, "renewal": 80}


def test_list_item_whose_words_name_another_kr_goes_to_that_kr() -> None:
    assert values("1. CSAT 86%\n2. 13 deals", ENGLISH) == {"csat": 86, "deals": 13}


def test_words_of_the_title_name_a_kr() -> None:
    assert values("Partner deals: 15 closed", ENGLISH) == {"deals": 15}


def test_words_and_unit_name_a_kr() -> None:
    assert values("CSAT 87%", ENGLISH) == {"csat": 87}


def test_chinese_words_of_the_title_name_a_kr() -> None:
    assert values("续约率82%", CHINESE) == {"renewal": 82}


def test_a_unit_only_one_kr_has_names_that_kr() -> None:
    assert values("响应时长4.5小时", CHINESE) == {"response": 4.5}


def test_one_sentence_may_name_several_krs_by_their_words() -> None:
    assert values("API latency is down to 450ms, CSAT 86%", ENGLISH) == {"latency": 450, "csat": 86}


def test_a_part_that_names_no_kr_belongs_with_the_part_before() -> None:
    assert values("招聘进度不错,已经6人了", CHINESE) == {"hiring": 6}


def test_words_after_a_number_may_name_another_kr() -> None:
    assert values("KR1 520ms, CSAT 86%", ENGLISH) == {"latency": 520, "csat": 86}


def test_two_references_joined_by_and_share_what_follows() -> None:
    assert values("KR3 and KR4 done", ENGLISH) == {"portal": 1, "csat": 90}


def test_chinese_references_joined_by_a_list_comma_share_what_follows() -> None:
    assert values("KR3、KR2已完成", CHINESE) == {"app": 1, "renewal": 85}


def test_reference_at_the_end_of_a_sentence_owns_what_came_before() -> None:
    assert values("Shipped KR3!", ENGLISH) == {"portal": 1}


def test_reference_to_a_kr_that_does_not_exist_changes_nothing() -> None:
    assert parse("KR7 10", ENGLISH).updates == ()


def test_reference_to_a_kr_that_does_not_exist_is_reported_unplaced() -> None:
    assert parse("KR7 10, KR2 12", ENGLISH).unplaced == ("KR7 10",)


def test_words_that_name_no_kr_are_not_guessed_into_a_value() -> None:
    assert values("Ran 3 workshops", ENGLISH) == {}


def test_a_unit_two_krs_share_does_not_pick_one() -> None:
    two_percent_krs = (CHINESE[1], ENGLISH[3])
    assert values("85%", two_percent_krs) == {}


def test_chinese_reference_to_a_kr_that_does_not_exist_changes_nothing() -> None:
    assert parse("第7个KR 10", CHINESE).updates == ()
