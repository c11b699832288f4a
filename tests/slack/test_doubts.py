"""On Slack, a value that looks off for its KR is asked about on the check-in message and
stored only when the person presses Yes."""

from __future__ import annotations

from tests.slack.slack import Slack
from tests.slack.standin import button, text_of
from tests.slack.test_check_in import start_check_in, values


def doubted(slack: Slack):
    """Mia answers "KR1 1.2" to her check-in: the message is redrawn with the question."""
    start_check_in(slack)
    slack.dm("U0MIA", "KR1 1.2")
    return slack.standin.wait_for("chat.update")[0]


def test_a_doubted_value_is_asked_about_on_the_check_in_and_not_stored(slack: Slack, uow) -> None:
    updated = doubted(slack)
    assert (values(uow, "kr-e1"), "I read 1.2 users, which looks off" in text_of(updated)) == (
        [45_000],
        True,
    )


def test_yes_on_slack_stores_the_doubted_value(slack: Slack, uow) -> None:
    updated = doubted(slack)
    pressed = button(updated, "Yes, 1.2 users")
    slack.press("U0MIA", pressed, channel="DU0MIA", message_ts=updated.args["ts"])
    redrawn = slack.standin.wait_for("chat.update", count=2)[1]
    assert (values(uow, "kr-e1"), "45,000 → 1.2 users" in text_of(redrawn)) == ([1.2], True)


def test_no_on_slack_stores_nothing(slack: Slack, uow) -> None:
    updated = doubted(slack)
    slack.press(
        "U0MIA", button(updated, "No, leave it"), channel="DU0MIA", message_ts=updated.args["ts"]
    )
    redrawn = slack.standin.wait_for("chat.update", count=2)[1]
    assert (values(uow, "kr-e1"), "stays at 45,000 users" in text_of(redrawn)) == ([45_000], True)
