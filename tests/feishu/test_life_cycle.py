"""The OKR life cycle on Feishu: encrypted message events, card buttons that submit, agree and
ask for changes, and card forms; stored state and who was sent a card."""

from __future__ import annotations

import json

from bot.model import ObjectiveStatus
from tests.feishu.cards import buttons, inputs, shown_text
from tests.feishu.wire import card_action, text_message

RECEIVE = "im.message.receive_v1"
CARD = "card.action.trigger"
NEW = "/okr 新建 让部署更安心\n部署失败率从 10% 降到 2%\n上线灰度发布"


def objective(feishu, objective_id: str):
    uow = feishu.unit_of_work()
    with uow:
        return uow.objectives.get("local", objective_id)


def press(feishu, sent, label: str, open_id: str, form_value=None):
    value = buttons(sent.card)[label]
    return feishu.event(
        CARD,
        card_action(
            open_id, value, message_id=sent.message_id, chat_id=sent.chat_id, form_value=form_value
        ),
    )


def cards_to(feishu, open_id: str):
    """What the bot sent someone: answers in their DM with it, and cards sent to them."""
    found = {
        s.message_id: s for s in [*feishu.sent_to(f"oc_dm_{open_id}"), *feishu.sent_to(open_id)]
    }
    return list(found.values())


def drafted(feishu):
    feishu.event(RECEIVE, text_message("ou_chen", NEW))
    [card] = cards_to(feishu, "ou_chen")
    return card


def test_a_multi_line_message_drafts_an_objective(feishu) -> None:
    card = drafted(feishu)
    draft = objective(feishu, "o-chen-2")
    assert (
        [(kr.start, kr.target, kr.unit) for kr in draft.key_results],
        "已起草 o-chen-2" in shown_text(card.card),
        list(buttons(card.card)),
    ) == ([(10, 2, "%"), (0, 1, "")], True, ["编辑", "对齐", "提交"])


def test_submit_on_the_card_sends_the_manager_a_card_to_agree(feishu) -> None:
    press(feishu, drafted(feishu), "提交", "ou_chen")
    [to_wang] = feishu.sent_to("ou_wang")
    assert (
        objective(feishu, "o-chen-2").status,
        "陈伟 请你确认" in shown_text(to_wang.card),
        list(buttons(to_wang.card)),
    ) == (ObjectiveStatus.SUBMITTED, True, ["确认", "要求修改"])


def test_agree_on_the_managers_card_agrees_and_tells_the_owner(feishu) -> None:
    press(feishu, drafted(feishu), "提交", "ou_chen")
    [to_wang] = feishu.sent_to("ou_wang")
    press(feishu, to_wang, "确认", "ou_wang")
    assert (
        objective(feishu, "o-chen-2").status,
        any("王芳 确认了" in shown_text(s.card) for s in cards_to(feishu, "ou_chen")),
    ) == (ObjectiveStatus.AGREED, True)


def test_ask_for_changes_turns_the_card_into_a_form_whose_reason_is_sent(feishu) -> None:
    press(feishu, drafted(feishu), "提交", "ou_chen")
    [to_wang] = feishu.sent_to("ou_wang")
    form = press(feishu, to_wang, "要求修改", "ou_wang").body["card"]["data"]
    to_wang.updates.append(json.dumps(form))  # Feishu shows the form in place
    name = inputs(form)[0]["name"]
    press(feishu, to_wang, "发送", "ou_wang", form_value={name: "请把第二个KR改成可衡量的"})
    assert (
        objective(feishu, "o-chen-2").status,
        any("请把第二个KR改成可衡量的" in shown_text(s.card) for s in cards_to(feishu, "ou_chen")),
    ) == (ObjectiveStatus.DRAFT, True)


def test_someone_else_pressing_agree_changes_nothing(feishu) -> None:
    press(feishu, drafted(feishu), "提交", "ou_chen")
    [to_wang] = feishu.sent_to("ou_wang")
    answer = press(feishu, to_wang, "确认", "ou_li")
    assert (
        objective(feishu, "o-chen-2").status,
        "不能确认" in answer.body["toast"]["content"],
    ) == (
        ObjectiveStatus.SUBMITTED,
        True,
    )


def test_new_alone_sends_a_form_card_whose_submission_drafts(feishu) -> None:
    feishu.event(RECEIVE, text_message("ou_mia", "/okr new"))
    [form] = cards_to(feishu, "ou_mia")
    title, krs = (i["name"] for i in inputs(form.card))
    press(
        feishu,
        form,
        "Save",
        "ou_mia",
        form_value={title: "Docs people love", krs: "Publish 8 tutorials\nShip the search page"},
    )
    draft = objective(feishu, "o-mia-2")
    assert (draft.title, [kr.title for kr in draft.key_results]) == (
        "Docs people love",
        ["Publish 8 tutorials", "Ship the search page"],
    )


def test_a_task_tells_its_assignee_by_card(feishu) -> None:
    feishu.event(RECEIVE, text_message("ou_mia", "/okr task kr-e2 Call five prospects @chen"))
    uow = feishu.unit_of_work()
    with uow:
        [task] = uow.tasks.of_key_result("local", "kr-e2")
    [to_chen] = cards_to(feishu, "ou_chen")
    assert (task.assignee, f"/okr 完成 {task.id}" in shown_text(to_chen.card)) == ("chen", True)
