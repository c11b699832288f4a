"""Talking to the bot on Feishu: commands in groups and DMs, the check-in card, its buttons and
its form, the bot menu."""

from __future__ import annotations

import json

from bot.model import PromptStatus
from tests.feishu.cards import buttons, inputs, shown_text
from tests.feishu.wire import card_action, mention, menu, text_message

RECEIVE = "im.message.receive_v1"
CARD = "card.action.trigger"


def group_command(text: str, *mentioned: dict[str, object]) -> dict[str, object]:
    return text_message(
        "ou_mia",
        text,
        chat_type="group",
        chat_id="oc_eng",
        mentions=[mention("@_user_1", "ou_okrbot", "OKR Bot", bot=True), *mentioned],
    )


def check_in(feishu, open_id: str = "ou_mia"):
    """Have the bot send `open_id` their check-in card (the bot menu's "check in now")."""
    feishu.event("application.bot.menu_v6", menu(open_id, "check_in"))
    [card] = feishu.sent_to(open_id)
    return card


def press(feishu, sent, label: str, open_id: str = "ou_mia", form_value=None):
    value = buttons(sent.card)[label]
    return feishu.event(
        CARD,
        card_action(
            open_id, value, message_id=sent.message_id, chat_id=sent.chat_id, form_value=form_value
        ),
    )


def test_okr_with_a_colleague_mentioned_in_a_group_shows_their_key_results(feishu) -> None:
    feishu.event(
        RECEIVE, group_command("@_user_1 /okr @_user_2", mention("@_user_2", "ou_chen", "陈伟"))
    )
    [answer] = feishu.sent_to("oc_eng")
    assert (
        "陈伟" in shown_text(answer.card),
        "每周发布次数从 2 次提升到 10 次" in shown_text(answer.card),
    ) == (True, True)


def test_a_chinese_command_in_a_group_is_understood(feishu) -> None:
    feishu.event(RECEIVE, group_command("@_user_1 okr 我的"))
    [answer] = feishu.sent_to("oc_eng")
    assert "Grow weekly active users from 40k to 60k" in shown_text(answer.card)


def test_a_group_message_that_does_not_mention_the_bot_is_left_alone(feishu) -> None:
    feishu.event(RECEIVE, text_message("ou_mia", "okr me", chat_type="group", chat_id="oc_eng"))
    assert feishu.standin.sent == []


def test_the_my_okrs_menu_shows_my_key_results_in_a_dm(feishu) -> None:
    feishu.event("application.bot.menu_v6", menu("ou_chen", "my_okrs"))
    [answer] = feishu.sent_to("ou_chen")
    assert "每周发布次数从 2 次提升到 10 次" in shown_text(answer.card)


def test_the_check_in_menu_sends_my_key_results_as_a_card_with_buttons(feishu) -> None:
    sent = check_in(feishu)
    assert (
        sent.msg_type,
        "KR4 Ship the new pricing page" in shown_text(sent.card),
        list(buttons(sent.card)),
    ) == ("interactive", True, ["Open form", "Skip this week"])


def test_a_dm_reply_is_stored_as_key_result_updates(feishu) -> None:
    check_in(feishu)
    feishu.event(RECEIVE, text_message("ou_mia", "KR1 47k, KR2 5"))
    assert feishu.values("kr-e1", "kr-e2") == [47_000, 5]


def test_a_dm_reply_updates_the_check_in_card_in_place(feishu) -> None:
    sent = check_in(feishu)
    feishu.event(RECEIVE, text_message("ou_mia", "KR1 47k, KR2 5"))
    assert (
        "45,000 → 47,000 users" in shown_text(sent.card),
        list(buttons(sent.card)),
        len(feishu.sent_to("ou_mia")),
    ) == (True, ["Undo", "Edit"], 1)


def test_a_dm_reply_that_was_applied_gets_a_done_reaction(feishu) -> None:
    check_in(feishu)
    reply = text_message("ou_mia", "KR1 47k")
    feishu.event(RECEIVE, reply)
    assert feishu.standin.reactions == [(reply["message"]["message_id"], "DONE")]


def test_a_chinese_dm_reply_is_understood(feishu) -> None:
    check_in(feishu, "ou_chen")
    feishu.event(RECEIVE, text_message("ou_chen", "新流水线已上线,KR2 每周6次,信心指数7"))
    assert (feishu.values("kr-c1", "kr-c2"), feishu.key_result("kr-c2").confidence) == ([1, 6], 0.7)


def test_undo_on_the_card_restores_the_values_and_redraws_the_card(feishu) -> None:
    sent = check_in(feishu)
    feishu.event(RECEIVE, text_message("ou_mia", "KR1 47k, KR2 5"))
    answer = press(feishu, sent, "Undo")
    card = answer.body["card"]["data"]
    assert (
        feishu.values("kr-e1", "kr-e2"),
        "45,000 of 60,000 users" in shown_text(card),
        list(buttons(card)),
    ) == ([45_000, 2], True, ["Open form"])


def test_open_form_turns_the_card_into_a_form_with_inputs_per_key_result(feishu) -> None:
    sent = check_in(feishu)  # Mia's 4 key results and the 2 of the team she leads
    card = press(feishu, sent, "Open form").body["card"]["data"]
    assert ([e["tag"] for e in inputs(card)][:4], len(inputs(card))) == (
        ["input", "input", "checker", "input"],
        6 * 4,
    )


def test_a_submitted_form_is_applied_and_the_card_redrawn(feishu) -> None:
    sent = check_in(feishu)
    form = press(feishu, sent, "Open form").body["card"]["data"]
    sent.updates.append(json.dumps(form))  # Feishu shows the form in place
    answer = press(
        feishu,
        sent,
        "Save",
        form_value={
            "f0": "48000",
            "f1": "7",
            "f2": False,
            "f3": "",
            "f5": "",
            "f6": True,
            "f7": "waiting on legal",
            "f12": True,
        },
    )
    card = answer.body["card"]["data"]
    assert (
        feishu.values("kr-e1", "kr-e4"),
        feishu.key_result("kr-e1").confidence,
        "45,000 → 48,000 users" in shown_text(card),
    ) == ([48_000, 1], 0.7, True)


def test_a_form_with_a_confidence_out_of_range_changes_nothing_and_says_why(feishu) -> None:
    sent = check_in(feishu)
    sent.updates.append(json.dumps(press(feishu, sent, "Open form").body["card"]["data"]))
    answer = press(feishu, sent, "Save", form_value={"f0": "48000", "f1": "15"})
    assert (
        feishu.values("kr-e1"),
        "15" in answer.body["toast"]["content"],
        "card" in answer.body,
    ) == ([45_000], True, False)


def test_skip_on_the_card_records_a_skip(feishu) -> None:
    sent = check_in(feishu)
    press(feishu, sent, "Skip this week")
    uow = feishu.unit_of_work()
    with uow:
        prompt = uow.prompts.latest_for("local", "mia")
    assert prompt is not None and prompt.status is PromptStatus.SKIPPED


def test_someone_else_pressing_my_card_changes_nothing(feishu) -> None:
    sent = check_in(feishu)
    answer = press(feishu, sent, "Skip this week", open_id="ou_wang")
    uow = feishu.unit_of_work()
    with uow:
        prompt = uow.prompts.latest_for("local", "mia")
    assert (prompt.status, "card" in answer.body, "toast" in answer.body) == (
        PromptStatus.OPEN,
        False,
        True,
    )


def test_a_redelivered_message_is_applied_once(feishu) -> None:
    check_in(feishu)
    reply = text_message("ou_mia", "KR2 3 more")
    feishu.event(RECEIVE, reply, event_id="ev_redelivered")
    again = feishu.event(RECEIVE, reply, event_id="ev_redelivered")
    assert (again.status, feishu.values("kr-e2"), len(feishu.standin.reactions)) == (200, [5], 1)


def test_a_redelivered_card_callback_is_applied_once(feishu) -> None:
    sent = check_in(feishu)
    feishu.event(RECEIVE, text_message("ou_mia", "KR1 47k"))
    value = buttons(sent.card)["Undo"]
    callback = card_action("ou_mia", value, message_id=sent.message_id, chat_id=sent.chat_id)
    feishu.event(CARD, callback, event_id="ev_undo")
    feishu.event(RECEIVE, text_message("ou_mia", "KR1 50k"))
    again = feishu.event(CARD, callback, event_id="ev_undo")
    assert (again.status, feishu.values("kr-e1")) == (200, [50_000])


def test_a_picture_in_a_dm_gets_a_friendly_answer_in_my_language(feishu) -> None:
    feishu.event(RECEIVE, text_message("ou_chen", "", message_type="image"))
    [answer] = feishu.sent_to("oc_dm_ou_chen")
    assert "我只读文字消息" in shown_text(answer.card)


def test_an_unknown_user_is_looked_up_in_the_contacts_and_added(feishu, uow) -> None:
    feishu.standin.users["ou_zhao"] = {
        "name": "赵六",
        "email": "zhao.liu@acme.example",
        "country": "CN",
        "time_zone": "Asia/Shanghai",
    }
    feishu.event(RECEIVE, text_message("ou_zhao", "okr help"))
    with uow:
        person = uow.people.by_platform_id("local", "feishu", "ou_zhao")
    assert (person.id, person.name, person.locale.value, person.timezone) == (
        "zhao-liu",
        "赵六",
        "zh",
        "Asia/Shanghai",
    )


def test_text_people_typed_is_escaped_in_cards(feishu, uow) -> None:
    with uow:
        objective = uow.objectives.with_key_result("local", "kr-e1")
        objective.key_results[0].title = "<at id=all></at> **now** [x](http://evil)"
        uow.objectives.save(objective)
        uow.commit()
    sent = check_in(feishu)
    markdown = [e["content"] for e in sent.card["body"]["elements"] if e["tag"] == "markdown"]
    assert (
        any("<at id=all>" in m or "**now**" in m or "](" in m for m in markdown),
        "<at id=all></at> **now** [x](http://evil)" in shown_text(sent.card),
    ) == (False, True)


def test_a_chinese_update_typed_with_no_check_in_open_is_applied(feishu) -> None:
    feishu.event(RECEIVE, text_message("ou_chen", "KR2 每周6次"))
    [said] = feishu.sent_to("oc_dm_ou_chen")  # the answer goes to the DM it came from
    assert (feishu.values("kr-c2"), "4 → 6" in shown_text(said.card), list(buttons(said.card))) == (
        [6],
        True,
        ["撤销", "修改"],
    )
