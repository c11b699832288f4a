"""A value that looks off for its KR is shown back and stored only once the person says so;
the rest of the reply applies at once."""

from bot.model import PromptStatus


def test_a_value_far_below_a_kr_is_not_stored_before_it_is_confirmed(console) -> None:
    shown = console.run("/as mia\n/checkin mia\nKR1 1.2")
    assert (console.values("kr-e1"), "I read 1.2 users, which looks off" in shown) == (
        [45_000],
        True,
    )


def test_confirming_a_doubted_value_stores_it(console) -> None:
    console.run("/as mia\n/checkin mia\nKR1 1.2")
    shown = console.run("/press 3")
    assert (console.values("kr-e1"), "45,000 → 1.2 users" in shown) == ([1.2], True)


def test_declining_a_doubted_value_stores_nothing(console) -> None:
    console.run("/as mia\n/checkin mia\nKR1 1.2")
    shown = console.run("/press 4")
    assert (
        console.values("kr-e1"),
        "KR1 Grow weekly active users from 40k to 60k stays at 45,000 users." in shown,
        console.prompt_status("mia"),
    ) == ([45_000], True, PromptStatus.OPEN)


def test_wan_on_a_percentage_kr_is_not_stored_before_it_is_confirmed(console) -> None:
    shown = console.run("/as li\n/checkin li\nKR1 3万")
    assert (console.values("kr-l1"), "我读到的是 30,000 %" in shown) == ([85], True)


def test_confirming_wan_on_a_percentage_kr_stores_it(console) -> None:
    console.run("/as li\n/checkin li\nKR1 3万")
    console.run("/press 3")
    assert console.values("kr-l1") == [30_000]


def test_declining_wan_on_a_percentage_kr_stores_nothing(console) -> None:
    console.run("/as li\n/checkin li\nKR1 3万")
    shown = console.run("/press 4")
    assert (console.values("kr-l1"), "保持 85 %" in shown) == ([85], True)


def test_a_number_missing_its_thousands_is_offered_on_the_kr_scale(console) -> None:
    console.run("/as mia\n/checkin mia\nKR1 47")
    shown = console.run("/press 4")
    assert (console.values("kr-e1"), "45,000 → 47,000 users" in shown) == ([47_000], True)


def test_the_rest_of_a_reply_applies_while_a_doubt_waits(console) -> None:
    shown = console.run("/as mia\n/checkin mia\nKR1 47k, KR2 300")
    assert (console.values("kr-e1", "kr-e2"), "I read 300 partners" in shown) == (
        [47_000, 2],
        True,
    )


def test_a_confidence_said_with_a_doubted_value_applies_at_once(console) -> None:
    console.run("/as mia\n/checkin mia\nKR2 300, confidence 8/10")
    kr = console.key_result("kr-e2")
    assert (kr.current, kr.confidence) == (2, 0.8)


def test_answering_one_doubt_keeps_the_other_waiting(console) -> None:
    console.run("/as mia\n/checkin mia\nKR1 1.2, KR2 300")
    shown = console.run("/press 4")
    assert (console.values("kr-e1", "kr-e2"), "I read 300 partners" in shown) == (
        [45_000, 2],
        True,
    )


def test_pressing_a_stale_confirmation_again_stores_the_value_once(console) -> None:
    console.run("/as mia\n/checkin mia\nKR1 1.2")
    stale = console.platform.buttons["mia"]
    console.run("/press 3")
    console.platform.buttons["mia"] = stale  # a client still showing the old message
    console.run("/press 3")
    with console.uow:
        stored = len(console.uow.check_ins.of_key_result("local", "kr-e1"))
    assert (console.values("kr-e1"), stored) == ([1.2], 1)
