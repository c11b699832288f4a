"""On Feishu, a value that looks off for its KR is asked about on the check-in card and stored
only when the person presses Yes."""

from __future__ import annotations

from tests.feishu.cards import buttons, shown_text
from tests.feishu.test_conversation import RECEIVE, check_in, press
from tests.feishu.wire import text_message


def test_a_doubted_value_is_asked_about_on_the_card_and_not_stored(feishu) -> None:
    sent = check_in(feishu, "ou_li")
    feishu.event(RECEIVE, text_message("ou_li", "KR1 3万"))
    assert (
        feishu.values("kr-l1"),
        "我读到的是 30,000 %" in shown_text(sent.card),
        list(buttons(sent.card)),
    ) == ([85], True, ["打开表单", "本周跳过", "记录 30,000 %", "不用,保持不变"])


def test_yes_on_the_card_stores_the_doubted_value(feishu) -> None:
    sent = check_in(feishu, "ou_li")
    feishu.event(RECEIVE, text_message("ou_li", "KR1 3万"))
    press(feishu, sent, "记录 30,000 %", open_id="ou_li")
    assert feishu.values("kr-l1") == [30_000]


def test_no_on_the_card_stores_nothing_and_says_so(feishu) -> None:
    sent = check_in(feishu, "ou_li")
    feishu.event(RECEIVE, text_message("ou_li", "KR1 3万"))
    answer = press(feishu, sent, "不用,保持不变", open_id="ou_li")
    card = answer.body["card"]["data"]
    assert (feishu.values("kr-l1"), "保持 85 %" in shown_text(card)) == ([85], True)
