"""Cards and card markdown, as data."""

from __future__ import annotations

import re

from lark_oapi.api.im.v1 import MentionEvent

from adapters.feishu.cards import form_answers, message_card
from adapters.feishu.dialect import FEISHU, unescape
from adapters.feishu.incoming import text_of
from bot.messages import Actions, Button, ButtonStyle, Divider, Message, Section
from bot.model import Locale
from bot.texts import Texts


def test_card_markdown_shows_what_people_typed_and_interprets_none_of_it() -> None:
    typed = "<at id=all></at> **bold** _it_ ~~x~~ [link](http://x) `code` :DONE: # h"
    escaped = FEISHU.escape(typed)
    outside_entities = re.sub(r"&#\d+;", "", escaped)
    assert (any(c in outside_entities for c in "<>*_~[]()`:#"), unescape(escaped)) == (False, typed)


def test_a_mention_is_made_only_for_an_open_id() -> None:
    assert (FEISHU.mention("ou_mia", "Mia"), FEISHU.mention("all", "everyone")) == (
        "<at id=ou_mia></at>",
        "everyone",
    )


def test_bold_is_card_markdown_around_escaped_text() -> None:
    assert FEISHU.bold("a*b") == "**a&#42;b**"


def test_templates_print_values_escaped_for_cards() -> None:
    said = Texts(FEISHU).say(Locale.EN, "check_in", "heading", name="**Mia**")
    assert "**&#42;&#42;Mia&#42;&#42;**" in said


def test_a_message_becomes_a_schema_2_card_with_callback_buttons() -> None:
    card = message_card(
        Message.of(
            Section("hi"),
            Divider(),
            Actions((Button("Undo", "check_in.undo", "ci-mia-1", ButtonStyle.DANGER),)),
        )
    )
    button = card["body"]["elements"][2]["columns"][0]["elements"][0]
    assert (
        card["schema"],
        [e["tag"] for e in card["body"]["elements"]],
        button["type"],
        button["behaviors"],
    ) == (
        "2.0",
        ["markdown", "hr", "column_set"],
        "danger",
        [{"type": "callback", "value": {"action": "check_in.undo", "value": "ci-mia-1"}}],
    )


def test_form_answers_come_back_under_the_core_field_names() -> None:
    value = {
        "action": "check_in.submit",
        "value": "ci-1",
        "fields": ["kr-e1.value", "kr-e1.blocked", "kr-e1.comment"],
    }
    assert form_answers(value, {"f0": "47000", "f1": True}) == {
        "kr-e1.value": "47000",
        "kr-e1.blocked": "true",
    }


def test_mention_placeholders_become_core_mentions_and_the_bot_is_dropped() -> None:
    mentions = [
        MentionEvent(
            {
                "key": "@_user_1",
                "id": {"open_id": "ou_bot"},
                "mentioned_type": "bot",
                "name": "OKR Bot",
            }
        ),
        MentionEvent(
            {
                "key": "@_user_2",
                "id": {"open_id": "ou_chen"},
                "mentioned_type": "user",
                "name": "陈伟",
            }
        ),
    ]
    said = text_of('{"text": "@_user_1  /okr  @_user_2"}', mentions)
    assert (said.text, said.mentions_bot) == ("/okr <@ou_chen>", True)


def test_a_multi_line_reply_keeps_its_lines() -> None:
    said = text_of('{"text": "1. 47k\\n2.  5 "}', [])
    assert said.text == "1. 47k\n2. 5"
