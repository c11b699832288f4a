"""The neutral message model as Feishu interactive cards (card JSON schema 2.0), built as
Python data and serialised at the edge.

Buttons and the form's submit button carry a callback value `{action, value}` that comes back
in `card.action.trigger`; a form's inputs are named `f0`, `f1`, … and the submit value lists
the field names they stand for, since card input names allow few characters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from adapters.feishu.dialect import unescape
from bot.messages import (
    Actions,
    Block,
    Button,
    ButtonStyle,
    Context,
    Divider,
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

Card = dict[str, Any]
FORM_NAME = "okr_form"
_BUTTON_TYPES = {
    ButtonStyle.DEFAULT: "default",
    ButtonStyle.PRIMARY: "primary",
    ButtonStyle.DANGER: "danger",
}
_YES, _NO = "true", ""


def message_card(message: Message) -> Card:
    blocks = message.blocks or (Section(message.text),)
    elements = [element for block in blocks for element in _elements(block)]
    return _card(elements, summary=unescape(message.text))


def form_card(form: Form) -> Card:
    """A card holding a form container: one input per field, grouped under each group's title,
    and a submit button whose callback carries the form's action and value."""
    elements: list[dict[str, Any]] = [_markdown(f"**{form.title}**")]
    inputs: list[dict[str, Any]] = []
    group = ""
    for number, field in enumerate(form.fields):
        if field.group and field.group != group:
            group = field.group
            inputs.append(_markdown(group))
        inputs.append(_input(f"f{number}", field))
    inputs.append(
        {
            "tag": "button",
            "name": "submit",
            "text": _plain(unescape(form.submit)),
            "type": "primary",
            "form_action_type": "submit",
            "behaviors": [
                {
                    "type": "callback",
                    "value": {
                        "action": form.action,
                        "value": form.value,
                        "fields": [field.name for field in form.fields],
                    },
                }
            ],
        }
    )
    elements.append({"tag": "form", "name": FORM_NAME, "elements": inputs})
    return _card(elements, summary=unescape(form.title))


def form_answers(value: Mapping[str, Any], form_value: Mapping[str, Any]) -> dict[str, str]:
    """A submitted form's inputs by the field names the core gave them."""
    names = value.get("fields")
    if not isinstance(names, list):
        return {}
    answers: dict[str, str] = {}
    for number, name in enumerate(names):
        raw = form_value.get(f"f{number}")
        if isinstance(name, str) and raw is not None:
            answers[name] = _answer(raw)
    return answers


def _answer(raw: object) -> str:
    if isinstance(raw, bool):
        return _YES if raw else _NO
    if isinstance(raw, list):
        return _YES if _YES in raw else _NO
    return str(raw)


def _card(elements: list[dict[str, Any]], *, summary: str) -> Card:
    return {
        "schema": "2.0",
        "config": {"update_multi": True, "summary": {"content": summary[:100]}},
        "body": {"elements": elements},
    }


def _elements(block: Block) -> list[dict[str, Any]]:
    match block:
        case Section(text):
            return [_markdown(text)]
        case Context(text):
            return [_markdown(text, text_size="notation")]
        case Fields(pairs):
            return [_markdown("\n".join(f"**{label}** {value}" for label, value in pairs))]
        case ProgressBar(label, share, caption):
            return [_markdown(f"{label}\n{bar(share)} {caption}")]
        case Divider():
            return [{"tag": "hr"}]
        case Image(url, alt):
            if url.startswith("img_"):
                return [{"tag": "img", "img_key": url, "alt": _plain(alt)}]
            return [_markdown(f"[{alt}]({url})")]
        case Actions(buttons):
            return [
                {
                    "tag": "column_set",
                    "flex_mode": "flow",
                    "columns": [
                        {"tag": "column", "width": "auto", "elements": [_button(button)]}
                        for button in buttons
                    ],
                }
            ]
    return []


def _button(button: Button) -> dict[str, Any]:
    return {
        "tag": "button",
        "text": _plain(unescape(button.label)),
        "type": _BUTTON_TYPES[button.style],
        "behaviors": [
            {"type": "callback", "value": {"action": button.action, "value": button.value}}
        ],
    }


def _input(name: str, field: FormField) -> dict[str, Any]:
    label = _plain(unescape(field.label))
    if field.kind is FieldKind.CHECKBOX:
        return {"tag": "checker", "name": name, "checked": field.initial == _YES, "text": label}
    element: dict[str, Any] = {
        "tag": "input",
        "name": name,
        "label": label,
        "label_position": "left",
        "default_value": field.initial,
        "placeholder": _plain(unescape(field.hint) or label["content"]),
    }
    if field.kind in (FieldKind.TEXT, FieldKind.LONG_TEXT):
        element["input_type"] = "multiline_text"
    return element


def _markdown(content: str, *, text_size: str | None = None) -> dict[str, Any]:
    element: dict[str, Any] = {"tag": "markdown", "content": content}
    if text_size:
        element["text_size"] = text_size
    return element


def _plain(text: str) -> dict[str, str]:
    return {"tag": "plain_text", "content": text}
