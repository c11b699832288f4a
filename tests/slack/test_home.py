"""The App Home tab: my OKRs, my check-in status, quick actions."""

from __future__ import annotations

from tests.fakes import FixedClock
from tests.slack.slack import Slack
from tests.slack.standin import button, text_of


def test_opening_the_home_tab_publishes_my_okrs(slack: Slack) -> None:
    slack.home_opened("U0MIA")
    published = slack.standin.wait_for("views.publish")[0]
    shown = text_of(published)
    assert (
        published.args["user_id"],
        published.args["view"]["type"],
        "Turn launch week into a growth engine" in shown,
    ) == ("U0MIA", "home", True)


def test_the_home_tab_says_where_my_check_in_stands(slack: Slack) -> None:
    slack.command("U0MIA", "checkin")
    slack.standin.wait_for("respond")
    slack.home_opened("U0MIA")
    shown = text_of(slack.standin.wait_for("views.publish")[0])
    assert "is waiting for your answer" in shown


def test_the_home_tab_speaks_the_person_s_language(slack: Slack) -> None:
    slack.home_opened("U0WANG")
    assert "现在打卡" in text_of(slack.standin.wait_for("views.publish")[0])


def test_a_quick_action_runs_its_command(slack: Slack) -> None:
    slack.home_opened("U0MIA")
    home = slack.standin.wait_for("views.publish")[0]
    slack.press("U0MIA", button(home, "Check in now"))
    sent = slack.standin.wait_for("chat.postMessage")[0]
    assert (sent.args["channel"], "KR1" in text_of(sent)) == ("DU0MIA", True)


def check_in_and_answer(slack: Slack, answer: str, user: str = "U0MIA") -> None:
    """`/okr checkin`, answered in a DM, once the bot has redrawn the check-in."""
    slack.command(user, "checkin")
    slack.standin.wait_for("respond")
    slack.dm(user, answer)
    slack.standin.wait_for("chat.update")


def test_the_home_tab_says_when_i_have_not_been_asked_to_check_in(slack: Slack) -> None:
    slack.home_opened("U0MIA")
    shown = text_of(slack.standin.wait_for("views.publish")[0])
    assert "No check-in yet" in shown


def test_the_home_tab_says_the_day_i_checked_in(slack: Slack) -> None:
    check_in_and_answer(slack, "KR1 47k, KR2 5")
    slack.home_opened("U0MIA")
    shown = text_of(slack.standin.wait_for("views.publish")[0])
    assert "You checked in on 2026-11-02" in shown


def test_the_home_tab_says_which_check_in_i_skipped(slack: Slack) -> None:
    check_in_and_answer(slack, "skip")
    slack.home_opened("U0MIA")
    shown = text_of(slack.standin.wait_for("views.publish")[0])
    assert "You skipped the check-in of 2026-11-02" in shown


def test_the_home_tab_gives_days_of_my_own_calendar(slack: Slack, clock: FixedClock) -> None:
    clock.advance(hours=18)  # Tuesday 03:00 UTC is still Monday evening in Los Angeles
    check_in_and_answer(slack, "KR1 47k, KR2 5")
    slack.home_opened("U0MIA")
    shown = text_of(slack.standin.wait_for("views.publish")[0])
    assert "You checked in on 2026-11-02" in shown
