"""The OKR life cycle on Slack: signed slash commands, the new-objective modal, the buttons
that submit and agree, the modal that sends a draft back; stored state and who was DMed."""

from __future__ import annotations

import json

from bot.model import ObjectiveStatus
from tests.slack.slack import Slack
from tests.slack.standin import Call, button, text_of


def objective(uow, objective_id: str):
    with uow:
        return uow.objectives.get("local", objective_id)


def dms_to(slack: Slack, user: str) -> list[Call]:
    return [
        c for c in slack.standin.ok_calls("chat.postMessage") if c.args["channel"] == f"D{user}"
    ]


def draft_by_command(slack: Slack, text: str = "") -> Call:
    slack.command(
        "U0RAJ",
        text
        or "new Make docs the place engineers start\nGrow docs visits from 10k to 20k\n"
        "Publish 8 tutorials",
        channel="DU0RAJ",
    )
    return slack.standin.wait_for("respond")[0]


def test_a_multi_line_slash_command_drafts_an_objective(slack: Slack, uow) -> None:
    answered = draft_by_command(slack)
    drafted = objective(uow, "o-raj-2")
    assert (
        [(kr.start, kr.target, kr.unit) for kr in drafted.key_results],
        "Drafted o-raj-2" in text_of(answered),
        [b["text"]["text"] for b in _buttons(answered)],
    ) == ([(10_000, 20_000, "visits"), (0, 8, "tutorials")], True, ["Edit", "Align", "Submit"])


def test_new_alone_opens_a_modal_whose_submission_drafts(slack: Slack, uow) -> None:
    slack.command("U0RAJ", "new", channel="DU0RAJ")
    modal = slack.standin.wait_for("views.open")[0].args["view"]
    slack.submit(
        "U0RAJ",
        modal,
        {"title": "Docs people love", "key_results": "Publish 8 tutorials\nShip the search page"},
    )
    posted = slack.standin.wait_for("chat.postMessage")[0]
    drafted = objective(uow, "o-raj-2")
    assert (
        [b["element"].get("multiline") for b in modal["blocks"] if b["type"] == "input"],
        drafted.title,
        [kr.title for kr in drafted.key_results],
        posted.args["channel"],
    ) == (
        [False, True],
        "Docs people love",
        ["Publish 8 tutorials", "Ship the search page"],
        "DU0RAJ",
    )


def test_the_submit_button_sends_the_manager_a_dm_with_agree(slack: Slack, uow) -> None:
    answered = draft_by_command(slack)
    slack.press("U0RAJ", button(answered, "Submit"), channel="DU0RAJ", message_ts="1.1")
    [to_mia] = slack.standin.wait_for("chat.postMessage", count=2) and dms_to(slack, "U0MIA")
    assert (
        objective(uow, "o-raj-2").status,
        "Raj Patel asks you to agree *Make docs the place engineers start*" in text_of(to_mia),
        [b["text"]["text"] for b in _buttons(to_mia)],
    ) == (ObjectiveStatus.SUBMITTED, True, ["Agree", "Ask for changes"])


def submitted(slack: Slack) -> Call:
    """Raj's draft submitted: Mia's DM asking her to agree it."""
    draft_by_command(slack)
    slack.command("U0RAJ", "submit", channel="DU0RAJ")
    slack.standin.wait_for("chat.postMessage")
    return dms_to(slack, "U0MIA")[0]


def test_agree_pressed_by_the_manager_agrees_and_tells_the_owner(slack: Slack, uow) -> None:
    to_mia = submitted(slack)
    slack.press("U0MIA", button(to_mia, "Agree"), channel="DU0MIA", message_ts="1.2")
    slack.standin.wait_for("chat.postMessage", count=3)
    assert (
        objective(uow, "o-raj-2").status,
        any("Mia Torres agreed" in text_of(c) for c in dms_to(slack, "U0RAJ")),
    ) == (ObjectiveStatus.AGREED, True)


def test_agree_pressed_by_the_owner_is_refused_and_changes_nothing(slack: Slack, uow) -> None:
    to_mia = submitted(slack)
    slack.press("U0RAJ", button(to_mia, "Agree"), channel="DU0RAJ", message_ts="1.2")
    refusal = slack.standin.wait_for("chat.postMessage", count=2)[-1]
    assert ("You may not agree" in text_of(refusal), objective(uow, "o-raj-2").status) == (
        True,
        ObjectiveStatus.SUBMITTED,
    )


def test_ask_for_changes_opens_a_modal_and_sends_the_draft_back(slack: Slack, uow) -> None:
    to_mia = submitted(slack)
    slack.press("U0MIA", button(to_mia, "Ask for changes"), channel="DU0MIA", message_ts="1.2")
    modal = slack.standin.wait_for("views.open")[0].args["view"]
    slack.submit("U0MIA", modal, {"reason": "add a KR on docs usage"})
    slack.standin.wait_for("chat.postMessage", count=3)
    assert (
        objective(uow, "o-raj-2").status,
        any("add a KR on docs usage" in text_of(c) for c in dms_to(slack, "U0RAJ")),
    ) == (ObjectiveStatus.DRAFT, True)


def test_a_task_tells_its_assignee_by_dm(slack: Slack, uow) -> None:
    slack.command(
        "U0MIA", "task kr-e2 Call five prospects <@U0RAJ|raj> by 2026-12-15", channel="DU0MIA"
    )
    slack.standin.wait_for("respond")
    [to_raj] = slack.standin.wait_for("chat.postMessage") and dms_to(slack, "U0RAJ")
    with uow:
        [task] = uow.tasks.of_key_result("local", "kr-e2")
    assert ((task.assignee, task.title), f"/okr done {task.id}" in text_of(to_raj)) == (
        ("raj", "Call five prospects"),
        True,
    )


def test_the_life_cycle_in_chinese_on_slack(slack: Slack, uow) -> None:
    slack.command("U0WANG", "新建 让服务更稳;可用性从 99.5% 提升到 99.9%", channel="DU0WANG")
    answered = slack.standin.wait_for("respond")[0]
    slack.press("U0WANG", button(answered, "提交"), channel="DU0WANG", message_ts="1.3")
    [to_ceo] = slack.standin.wait_for("chat.postMessage", count=2) and dms_to(slack, "U0CEO")
    assert (
        objective(uow, "o-wang-1").status,
        "王芳 请你确认 *让服务更稳*" in text_of(to_ceo),
        [b["text"]["text"] for b in _buttons(to_ceo)],
    ) == (ObjectiveStatus.SUBMITTED, True, ["确认", "要求修改"])


def _buttons(call: Call) -> list[dict[str, object]]:
    blocks = call.args.get("blocks") or []
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    return [e for b in blocks for e in b.get("elements", []) if e.get("type") == "button"]
