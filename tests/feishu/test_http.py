"""`POST /feishu/events`: the challenge, and what is refused before anything happens."""

from __future__ import annotations

import requests

from tests.feishu.conftest import TOKEN
from tests.feishu.wire import text_message


def challenge(token: str = TOKEN) -> dict[str, str]:
    return {"challenge": "ajls384kdjx98XX", "token": token, "type": "url_verification"}


def test_the_encrypted_challenge_is_answered(feishu) -> None:
    answer = feishu.wire.post(challenge(), signed=False)
    assert (answer.status, answer.body) == (200, {"challenge": "ajls384kdjx98XX"})


def test_the_plain_challenge_is_answered(feishu) -> None:
    answer = feishu.wire.post(challenge(), encrypted=False, signed=False)
    assert (answer.status, answer.body) == (200, {"challenge": "ajls384kdjx98XX"})


def test_a_challenge_with_a_wrong_verification_token_is_refused(feishu) -> None:
    answer = feishu.wire.post(challenge("not-our-token"), signed=False)
    assert answer.status == 401


def test_an_event_with_a_bad_signature_is_refused_and_changes_nothing(feishu) -> None:
    answer = feishu.event("application.bot.menu_v6", {}, key="someone-elses-key")
    feishu.wire.event(
        "im.message.receive_v1", text_message("ou_mia", "/okr me"), key="someone-elses-key"
    )
    feishu.settle()
    assert (answer.status, feishu.standin.sent) == (401, [])


def test_an_unsigned_event_is_refused(feishu) -> None:
    answer = feishu.event("im.message.receive_v1", text_message("ou_mia", "/okr me"), signed=False)
    assert (answer.status, feishu.standin.sent) == (401, [])


def test_an_event_with_a_wrong_verification_token_is_refused(feishu) -> None:
    feishu.wire.token = "not-our-token"
    answer = feishu.event("im.message.receive_v1", text_message("ou_mia", "/okr me"))
    assert (answer.status, feishu.standin.sent) == (401, [])


def test_a_replayed_request_older_than_five_minutes_is_refused(feishu) -> None:
    answer = feishu.event(
        "im.message.receive_v1", text_message("ou_mia", "/okr me"), age_seconds=301
    )
    assert (answer.status, feishu.standin.sent) == (401, [])


def test_a_body_that_is_not_json_is_a_bad_request(feishu) -> None:
    answer = requests.post(feishu.wire.url, data=b"{not json", timeout=5)
    assert answer.status_code == 400


def test_a_body_that_cannot_be_decrypted_is_a_bad_request(feishu) -> None:
    answer = feishu.wire.post({"encrypt": "bm90IGNpcGhlcnRleHQ="}, encrypted=False)
    assert answer.status == 400


def test_an_event_nobody_handles_is_a_bad_request_not_a_server_error(feishu) -> None:
    answer = feishu.event("contact.user.created_v3", {"object": {}})
    assert answer.status == 400


def test_only_post_is_served(feishu) -> None:
    assert requests.get(feishu.wire.url, timeout=5).status_code == 405


def test_health_is_served_beside_the_events(feishu) -> None:
    answer = requests.get(feishu.base_url + "/healthz", timeout=5)
    assert (answer.status_code, answer.text) == (200, "ok\n")
