"""Skip phrases skip the check-in: skipped, with no updates."""

import pytest

from tests.parser.samples import CHINESE, ENGLISH, parse

SKIPS = [
    "skip",
    "No update this week",
    "Nothing to report",
    "On vacation this week",
    "Skipping, I'm on PTO",
    "Out of office, sorry",
]
CHINESE_SKIPS = ["跳过", "本周休假", "本周无更新", "本周无进展", "请假中,跳过"]


@pytest.mark.parametrize("reply", SKIPS)
def test_english_skip_phrase_skips_the_check_in(reply: str) -> None:
    assert (parse(reply, ENGLISH).skipped, parse(reply, ENGLISH).updates) == (True, ())


@pytest.mark.parametrize("reply", CHINESE_SKIPS)
def test_chinese_skip_phrase_skips_the_check_in(reply: str) -> None:
    assert (parse(reply, CHINESE).skipped, parse(reply, CHINESE).updates) == (True, ())


def test_a_reply_with_updates_is_not_skipped_for_a_skip_phrase() -> None:
    assert parse("Back from vacation: KR2 12", ENGLISH).skipped is False


def test_no_update_for_one_kr_does_not_skip_the_check_in() -> None:
    assert parse("KR3 no update, KR2 12", ENGLISH).skipped is False


def test_no_numbers_yet_is_not_a_skip() -> None:
    assert parse("No numbers yet, confidence 5/10", ENGLISH).skipped is False


def test_a_skipped_check_in_reports_nothing_unplaced() -> None:
    assert parse("本周无进展,下周补上", CHINESE).unplaced == ()
