"""The check-in on Slack: sent as a DM, answered in words or in the modal, undone by a button."""

from __future__ import annotations

from tests.slack.slack import Slack
from tests.slack.standin import button, text_of


def key_result(uow, kr_id: str):
    with uow:
        holder = uow.objectives.with_key_result("local", kr_id)
    return holder.key_result(kr_id)


def values(uow, *kr_ids: str) -> list[float]:
    return [key_result(uow, kr_id).current for kr_id in kr_ids]


def posted_ts(slack: Slack) -> str:
    """The `ts` Slack gave the check-in message."""
    return slack.standin.answers("chat.postMessage")[0]["ts"]


def start_check_in(slack: Slack, user: str = "U0MIA"):
    """`/okr checkin`: the check-in arrives as a DM. Returns the chat.postMessage call, once
    the bot has said it was sent (so it has remembered it, as a person's reply would find)."""
    slack.command(user, "checkin")
    slack.standin.wait_for("respond")
    return slack.standin.wait_for("chat.postMessage")[0]


def test_a_check_in_is_sent_as_a_direct_message(slack: Slack) -> None:
    sent = start_check_in(slack)
    opened = slack.standin.ok_calls("conversations.open")[0]
    assert (
        opened.args["users"],
        sent.args["channel"],
        "KR1 Grow weekly active users from 40k to 60k" in text_of(sent),
    ) == ("U0MIA", "DU0MIA", True)


def test_a_dm_reply_is_stored_as_key_result_updates(slack: Slack, uow) -> None:
    start_check_in(slack)
    slack.dm("U0MIA", "KR1 47k, KR2 5")
    slack.standin.wait_for("chat.update")
    assert values(uow, "kr-e1", "kr-e2") == [47_000, 5]


def test_an_applied_reply_is_confirmed_in_place_and_with_a_reaction(slack: Slack) -> None:
    sent = start_check_in(slack)
    slack.dm("U0MIA", "KR1 47k, KR2 5", ts="1767225000.777777")
    updated = slack.standin.wait_for("chat.update")[0]
    reaction = slack.standin.wait_for("reactions.add")[0]
    assert (
        (updated.args["channel"], updated.args["ts"]),
        "45,000 → 47,000 users" in text_of(updated),
        (reaction.args["timestamp"], reaction.args["name"]),
    ) == ((sent.args["channel"], posted_ts(slack)), True, ("1767225000.777777", "white_check_mark"))


def test_undo_restores_the_previous_values(slack: Slack, uow) -> None:
    start_check_in(slack)
    slack.dm("U0MIA", "KR1 47k, KR2 5")
    updated = slack.standin.wait_for("chat.update")[0]
    slack.press("U0MIA", button(updated, "Undo"), channel="DU0MIA", message_ts=updated.args["ts"])
    slack.standin.wait_for("chat.update", count=2)
    assert values(uow, "kr-e1", "kr-e2") == [45_000, 2]


def test_the_form_opens_as_a_modal_and_its_submission_is_applied(slack: Slack, uow) -> None:
    sent = start_check_in(slack)
    slack.press(
        "U0MIA", button(sent, "Open form"), channel="DU0MIA", message_ts="1767225600.000001"
    )
    modal = slack.standin.wait_for("views.open")[0].args["view"]
    slack.submit(
        "U0MIA", modal, {"kr-e1.value": "48000", "kr-e1.confidence": "7", "kr-e4.done": "true"}
    )
    slack.standin.wait_for("chat.update")
    assert (values(uow, "kr-e1", "kr-e4"), key_result(uow, "kr-e1").confidence) == (
        [48_000, 1],
        0.7,
    )


def test_the_modal_has_one_input_per_field(slack: Slack) -> None:
    sent = start_check_in(slack)
    slack.press(
        "U0MIA", button(sent, "Open form"), channel="DU0MIA", message_ts="1767225600.000001"
    )
    modal = slack.standin.wait_for("views.open")[0].args["view"]
    inputs = [block["block_id"] for block in modal["blocks"] if block["type"] == "input"]
    assert inputs[:4] == ["kr-e1.value", "kr-e1.confidence", "kr-e1.blocked", "kr-e1.comment"]


def test_a_redelivered_reply_is_applied_once(slack: Slack, served, uow) -> None:
    start_check_in(slack)
    slack.dm("U0MIA", "KR2 3 more", event_id="Ev0REPLY")
    slack.dm(
        "U0MIA",
        "KR2 3 more",
        event_id="Ev0REPLY",
        headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
    )
    served.settle()
    with uow:
        check_ins = uow.check_ins.of_key_result("local", "kr-e2")
    assert (values(uow, "kr-e2"), len(check_ins), len(slack.standin.ok_calls("chat.update"))) == (
        [5],
        1,
        1,
    )


def test_a_check_in_held_up_by_a_rate_limit_is_delivered_exactly_once(slack: Slack) -> None:
    slack.standin.fail("chat.postMessage", 429, **{"Retry-After": "1"})
    slack.command("U0MIA", "checkin")
    slack.standin.wait_for("chat.postMessage", timeout=15)
    posts = [call.status for call in slack.standin.calls if call.method == "chat.postMessage"]
    assert posts == [429, 200]


def open_form(slack: Slack):
    sent = start_check_in(slack)
    slack.press(
        "U0MIA", button(sent, "Open form"), channel="DU0MIA", message_ts="1767225600.000001"
    )
    return slack.standin.wait_for("views.open")[0].args["view"]


def test_a_form_with_a_bad_value_stays_open_with_the_error_under_the_field(
    slack: Slack, served, uow
) -> None:
    modal = open_form(slack)
    answer = slack.submit("U0MIA", modal, {"kr-e1.value": "lots", "kr-e1.confidence": "7"})
    served.settle()
    assert (
        answer.json(),
        values(uow, "kr-e1"),
        key_result(uow, "kr-e1").confidence,
        len(slack.standin.ok_calls("chat.update")),
    ) == (
        {
            "response_action": "errors",
            "errors": {"kr-e1.value": 'New value (users) of KR1 should be a number, not "lots"'},
        },
        [45_000],
        0.6,
        0,
    )


def test_a_form_corrected_after_an_error_is_applied(slack: Slack, uow) -> None:
    modal = open_form(slack)
    slack.submit("U0MIA", modal, {"kr-e1.confidence": "12"})
    slack.submit("U0MIA", modal, {"kr-e1.confidence": "8"})
    slack.standin.wait_for("chat.update")
    assert key_result(uow, "kr-e1").confidence == 0.8


def test_an_update_typed_with_no_check_in_open_is_applied_with_undo(slack: Slack, uow) -> None:
    slack.dm("U0MIA", "KR1 47k, KR2 5", ts="1767225000.888888")
    said = slack.standin.wait_for("chat.postMessage")[0]
    reaction = slack.standin.wait_for("reactions.add")[0]
    assert (
        values(uow, "kr-e1", "kr-e2"),
        "45,000 → 47,000 users" in text_of(said),
        button(said, "Undo") is not None,
        reaction.args["timestamp"],
    ) == ([47_000, 5], True, True, "1767225000.888888")
