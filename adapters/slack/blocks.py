"""The neutral message model as Block Kit, built as Python data (serialised by the SDK).

Text in the neutral blocks is already Slack mrkdwn (escaped by the `SLACK` dialect); where Block
Kit wants `plain_text` (buttons, titles, labels) it is read back to plain characters."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from adapters.slack.dialect import unescape
from bot.messages import (
    Actions,
    Block,
    ButtonStyle,
    Context,
    FieldKind,
    Fields,
    Form,
    FormField,
    Image,
    Message,
    ProgressBar,
    Section,
    bar,
)

Json = dict[str, Any]

FORM_CALLBACK = "okr-form"
BUTTON_PREFIX = "okr-"
# Block Kit's limits: https://docs.slack.dev/reference/block-kit/blocks
_MAX_BLOCKS = 50
_MAX_TEXT = 3000
_MAX_FIELD_TEXT = 2000  # a section field holds less than a section
_MAX_PLAIN = 75
_MAX_FIELDS = 10
_MAX_TITLE = 24


def message_blocks(message: Message) -> list[Json]:
    blocks = [rendered for block in message.blocks if (rendered := _block(block))]
    return blocks[:_MAX_BLOCKS]


def message_payload(message: Message) -> Json:
    """`text` (the notification and fallback) and `blocks`, for chat.postMessage & co."""
    payload: Json = {"text": _cut(message.text, 40_000)}
    if message.blocks:
        payload["blocks"] = message_blocks(message)
    return payload


def _block(block: Block) -> Json | None:
    match block:
        case Section(text):
            return _section(text) if text else None
        case Fields(pairs):
            return {
                "type": "section",
                "fields": [
                    _mrkdwn(f"*{label}*\n{value}", _MAX_FIELD_TEXT)
                    for label, value in pairs[:_MAX_FIELDS]
                ],
            }
        case ProgressBar(label, share, caption):
            return _section(f"{label}\n`{bar(share)}` {caption}")
        case Context(text):
            return {"type": "context", "elements": [_mrkdwn(text)]} if text else None
        case Image(url, alt):
            return {"type": "image", "image_url": url, "alt_text": _cut(unescape(alt), 2000)}
        case Actions(buttons):
            elements = []
            for number, button in enumerate(buttons[:25]):
                element: Json = {
                    "type": "button",
                    "action_id": f"{BUTTON_PREFIX}{number}",
                    "text": _plain(button.label, _MAX_PLAIN),
                    "value": button_value(button.action, button.value),
                }
                if button.style is not ButtonStyle.DEFAULT:
                    element["style"] = button.style.value
                elements.append(element)
            return {"type": "actions", "elements": elements}
        case _:
            return {"type": "divider"}


def button_value(action: str, value: str) -> str:
    """What a button carries back: the core's action and its argument."""
    return json.dumps({"action": action, "value": value}, separators=(",", ":"))


def read_button_value(raw: str) -> tuple[str, str]:
    data = json.loads(raw)
    return str(data["action"]), str(data["value"])


def form_view(form: Form, *, channel: str | None) -> Json:
    """A modal with one input per field, grouped under each group's heading. The action, its
    argument and where the form was opened from ride in `private_metadata`."""
    blocks: list[Json] = []
    group = ""
    for field in form.fields:
        if field.group and field.group != group:
            group = field.group
            blocks.append(_section(group))
        blocks.append(_input(field))
    metadata = {"action": form.action, "value": form.value, "channel": channel}
    return {
        "type": "modal",
        "callback_id": FORM_CALLBACK,
        "private_metadata": json.dumps(metadata, separators=(",", ":")),
        "title": _plain(form.title, _MAX_TITLE),
        "submit": _plain(form.submit, _MAX_TITLE),
        "blocks": blocks[:100],
    }


def read_form_metadata(view: Mapping[str, Any]) -> tuple[str, str, str | None]:
    """The action, its argument and the channel `form_view` put in the modal."""
    data = json.loads(view.get("private_metadata") or "{}")
    channel = data.get("channel")
    return str(data["action"]), str(data["value"]), str(channel) if channel else None


def form_answers(view: Mapping[str, Any]) -> dict[str, str]:
    """A submitted modal's `state.values` as field name → typed text (checkboxes: `true`/``)."""
    answers: dict[str, str] = {}
    values: Mapping[str, Mapping[str, Mapping[str, Any]]] = view["state"]["values"]
    for name, actions in values.items():
        for state in actions.values():
            if state.get("type") == "checkboxes":
                answers[name] = "true" if state.get("selected_options") else ""
            else:
                answers[name] = state.get("value") or ""
    return answers


def _input(field: FormField) -> Json:
    element: Json
    match field.kind:
        case FieldKind.NUMBER:
            element = {"type": "number_input", "is_decimal_allowed": True}
        case FieldKind.CONFIDENCE:
            element = {
                "type": "number_input",
                "is_decimal_allowed": True,
                "min_value": "0",
                "max_value": "10",
            }
        case FieldKind.CHECKBOX:
            option = {"text": _plain(field.label, _MAX_PLAIN), "value": "true"}
            element = {"type": "checkboxes", "options": [option]}
            if field.initial:
                element["initial_options"] = [option]
        case FieldKind.LONG_TEXT:
            element = {"type": "plain_text_input", "multiline": True}
        case _:
            element = {"type": "plain_text_input", "multiline": False}
    element["action_id"] = "value"
    if field.initial and field.kind is not FieldKind.CHECKBOX:
        element["initial_value"] = field.initial
    block: Json = {
        "type": "input",
        "block_id": field.name,
        "optional": True,
        "label": _plain(field.label, 2000),
        "element": element,
    }
    if field.hint:
        block["hint"] = _plain(field.hint, 2000)
    return block


def _section(text: str) -> Json:
    return {"type": "section", "text": _mrkdwn(text)}


def _mrkdwn(text: str, limit: int = _MAX_TEXT) -> Json:
    return {"type": "mrkdwn", "text": _cut(text, limit)}


def _plain(text: str, limit: int) -> Json:
    return {"type": "plain_text", "text": _cut(unescape(text), limit) or " ", "emoji": True}


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
