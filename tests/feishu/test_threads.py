"""Answers to messages in a group's threads: whoever writes to the bot in a thread of a group
(the bot's standup post, say) is answered with a reply in that thread (im.v1.message.reply),
as Slack answers in the thread, instead of a post to the whole group."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.cadences.registry import DAILY_STANDUP
from jobs.runner import run_cadence
from tests.fakes import FakeUnitOfWork, FixedClock, chats
from tests.feishu.cards import shown_text
from tests.feishu.conftest import Feishu
from tests.feishu.standin import Sent
from tests.feishu.wire import mention, text_message
from tests.replicas import fake_runner

RECEIVE = "im.message.receive_v1"
STANDUP = datetime(2026, 11, 3, 1, 30, tzinfo=UTC)  # Tuesday 09:30 in Shanghai
THREAD = "omt_standup"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(STANDUP)


def standup_post(feishu: Feishu, uow: FakeUnitOfWork, clock: FixedClock) -> Sent:
    """The bot's standup post in the engineering group."""
    platform = feishu.app.platform
    chat = chats(lambda: uow, clock)(platform)
    run_cadence(fake_runner(chat, uow), "local", DAILY_STANDUP, STANDUP)
    [post] = feishu.sent_to("oc_eng")
    return post


def say_in_group(feishu: Feishu, text: str, **where: Any) -> str:
    """Chen writes `text` to the bot in the engineering group (`root_id`, `thread_id`: where in
    it); the message's id."""
    event = text_message(
        "ou_chen",
        text,
        chat_type="group",
        chat_id="oc_eng",
        mentions=[mention("@_user_1", "ou_okrbot", "OKR Bot", bot=True)],
        **where,
    )
    feishu.standin.message_in(event["message"])
    feishu.event(RECEIVE, event)
    return str(event["message"]["message_id"])


def answers(feishu: Feishu, before: list[Sent]) -> list[Sent]:
    """What the bot sent to the engineering group since `before`."""
    return [sent for sent in feishu.sent_to("oc_eng") if sent not in before]


def test_a_standup_given_in_the_posts_thread_is_answered_in_that_thread(
    feishu: Feishu, uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    post = standup_post(feishu, uow, clock)
    said = say_in_group(
        feishu,
        "@_user_1 昨天:发布流水线灰度;今天:全量;阻塞:无",
        root_id=post.message_id,
        thread_id=THREAD,
    )
    [answer] = answers(feishu, [post])
    recorded = "已记入今天的晨会总结" in shown_text(answer.card)
    assert (answer.reply_to, answer.thread_id, recorded) == (said, THREAD, True)


def test_a_command_replying_to_a_group_message_is_answered_with_a_reply_to_it(
    feishu: Feishu, uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    post = standup_post(feishu, uow, clock)
    said = say_in_group(feishu, "@_user_1 okr 我的", root_id=post.message_id)
    [answer] = answers(feishu, [post])
    assert (answer.reply_to, answer.thread_id) == (said, "")


def test_a_command_outside_any_thread_is_posted_to_the_group(feishu: Feishu) -> None:
    say_in_group(feishu, "@_user_1 okr 我的")
    [answer] = answers(feishu, [])
    assert (answer.receive_id_type, answer.receive_id, answer.reply_to) == ("chat_id", "oc_eng", "")
