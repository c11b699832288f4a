"""The App Home tab: my OKRs, my check-in status, quick actions."""

from __future__ import annotations

from tests.slack.slack import Slack
from tests.slack.standin import button, text_of


def test_opening_the_home_tab_publishes_my_okrs(slack: Slack) -> None:
    slack.home_opened("U0MIA")
    published = slack.standin.wait_for("views.publish")[0]
    shown = text_of(published)
    assert (published.args["user_id"], published.args["view"]["type"],
            "Turn launch week into a growth engine" in shown) == ("U0MIA", "home", True)


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
