"""Slack's requests reach the bot only when Slack signed them, recently."""

from __future__ import annotations

import time

from tests.slack.slack import Slack


def test_url_verification_answers_the_challenge(slack: Slack) -> None:
    answer = slack.post_json(
        {
            "token": "t",
            "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            "type": "url_verification",
        }
    )
    assert (answer.status, answer.json()) == (
        200,
        {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"},
    )


def test_a_forged_signature_is_refused(slack: Slack) -> None:
    answer = slack.command("U0MIA", "help", signed_with="not-the-signing-secret")
    assert answer.status == 401


def test_a_stale_request_is_refused(slack: Slack) -> None:
    answer = slack.command("U0MIA", "help", timestamp=int(time.time()) - 6 * 60)
    assert answer.status == 401


def test_a_refused_request_changes_nothing(slack: Slack, served) -> None:
    slack.command("U0MIA", "checkin", signed_with="forged")
    served.settle()
    assert [call.method for call in slack.standin.calls] == ["auth.test"]  # at start


def test_health_is_served_beside_the_events(served) -> None:
    import urllib.request

    with urllib.request.urlopen(served.url.replace("/slack/events", "/healthz")) as response:
        assert response.status == 200
