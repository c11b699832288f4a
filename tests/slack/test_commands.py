"""`/okr` on Slack: acked at once, answered through the command's response_url."""

from __future__ import annotations

import json

from tests.slack.slack import Slack
from tests.slack.standin import text_of


def test_okr_colleague_shows_their_key_results(slack: Slack) -> None:
    answer = slack.command("U0MIA", "<@U0RAJ|raj>")
    shown = text_of(slack.standin.wait_for("respond")[0])
    assert (answer.status, "Raj Patel" in shown, "KR1" in shown) == (200, True, True)


def test_a_plain_mention_is_understood_too(slack: Slack) -> None:
    slack.command("U0MIA", "<@U0RAJ>")
    assert "Raj Patel" in text_of(slack.standin.wait_for("respond")[0])


def test_the_answer_is_block_kit(slack: Slack) -> None:
    slack.command("U0MIA", "<@U0MIA>")
    sent = slack.standin.wait_for("respond")[0].args
    assert ({block["type"] for block in sent["blocks"]} >= {"section"}, sent["response_type"]) == (
        True,
        "in_channel",
    )


def test_the_ack_is_empty_and_immediate(slack: Slack) -> None:
    answer = slack.command("U0MIA", "help")
    assert (answer.status, answer.body) == (200, b"")


def test_an_unknown_colleague_gets_a_friendly_answer(slack: Slack) -> None:
    slack.command("U0MIA", "nobody-at-all")
    assert "nobody-at-all" in text_of(slack.standin.wait_for("respond")[0])


def test_an_unknown_slack_user_is_added_from_their_profile(slack: Slack, uow) -> None:
    slack.standin.add_user(
        "U0NEW", "Zoe Park", email="zoe@acme.test", tz="Asia/Tokyo", locale="zh-CN"
    )
    slack.command("U0NEW", "", channel="DU0NEW")  # in their DM: in a channel, see below
    slack.standin.wait_for("respond")
    with uow:
        person = uow.people.by_platform_id("local", "slack", "U0NEW")
    assert person is not None
    assert (person.name, person.email, person.timezone, person.locale.value) == (
        "Zoe Park",
        "zoe@acme.test",
        "Asia/Tokyo",
        "zh",
    )


def test_someone_not_in_the_okr_table_is_shown_no_okrs_in_a_channel(slack: Slack, uow) -> None:
    slack.standin.add_user("U0NEW", "Zoe Park", email="zoe@acme.test")
    slack.command("U0NEW", "@mia")
    [answer] = slack.standin.wait_for("respond")
    with uow:
        added = uow.people.by_platform_id("local", "slack", "U0NEW")
    assert (
        answer.args.get("response_type"),
        "not in this workspace's OKR table" in text_of(answer),
        "Mia" in text_of(answer),
        added,
    ) == ("ephemeral", True, False, None)


def test_a_guest_is_shown_no_okrs_even_in_their_dm(slack: Slack, uow) -> None:
    slack.standin.add_user("U0GUEST", "Gus Guest", email="gus@partner.test")
    slack.standin.users["U0GUEST"]["is_restricted"] = True
    slack.command("U0GUEST", "@mia", channel="DU0GUEST")
    [answer] = slack.standin.wait_for("respond")
    with uow:
        added = uow.people.by_platform_id("local", "slack", "U0GUEST")
    assert ("not in this workspace's OKR table" in text_of(answer), added) == (True, None)


def test_an_unknown_slack_user_is_matched_by_email(slack: Slack, uow) -> None:
    with uow:
        hana = uow.people.get("local", "hana")
        assert hana is not None
        hana.email, hana.platform_ids = "hana@acme.test", {}
        uow.people.save(hana)
        uow.commit()
    slack.standin.add_user("U0HANA2", "Hana S.", email="hana@acme.test")
    slack.command("U0HANA2", "")
    slack.standin.wait_for("respond")
    with uow:
        person = uow.people.by_platform_id("local", "slack", "U0HANA2")
    assert person is not None and person.id == "hana"


def test_a_typed_channel_ping_in_a_title_is_escaped(slack: Slack, uow) -> None:
    with uow:
        objective = uow.objectives.with_key_result("local", "kr-e1")
        assert objective is not None
        objective.key_results[0].title = "Tell <!channel> & <@U0CEO> about it"
        uow.objectives.save(objective)
        uow.commit()
    slack.command("U0RAJ", "<@U0MIA>")
    sent = json.dumps(slack.standin.wait_for("respond")[0].args)
    assert (
        "<!channel>" in sent,
        "<@U0CEO>" in sent,
        "Tell &lt;!channel&gt; &amp; &lt;@U0CEO&gt; about it" in sent,
    ) == (False, False, True)


def test_help_is_shown_to_the_asker_alone(slack: Slack) -> None:
    slack.command("U0MIA", "help")
    assert slack.standin.wait_for("respond")[0].args["response_type"] == "ephemeral"


def test_an_unknown_colleague_is_answered_to_the_asker_alone(slack: Slack) -> None:
    slack.command("U0MIA", "nobody-at-all")
    assert slack.standin.wait_for("respond")[0].args["response_type"] == "ephemeral"
