"""The neutral message model: what the core says, before an adapter renders it natively
(Block Kit for Slack, card JSON for Feishu, plain text for the console).

Text inside these blocks is already in the platform's markup: the core renders it through the
platform's `Dialect`, which escapes whatever people typed."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Section:
    """A paragraph of text."""

    text: str


@dataclass(frozen=True)
class Fields:
    """Short label/value pairs shown side by side."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ProgressBar:
    label: str
    share: float  # 0..1
    caption: str  # e.g. "45,000 of 60,000 users · confidence 6/10"


@dataclass(frozen=True)
class Context:
    """Small print under a section."""

    text: str


@dataclass(frozen=True)
class Divider:
    pass


@dataclass(frozen=True)
class Image:
    url: str
    alt: str


class ButtonStyle(StrEnum):
    DEFAULT = "default"
    PRIMARY = "primary"
    DANGER = "danger"


@dataclass(frozen=True)
class Button:
    label: str
    action: str  # what the core does when pressed: see `bot.chat.actions`
    value: str  # the action's argument, round-tripped by the platform
    style: ButtonStyle = ButtonStyle.DEFAULT


@dataclass(frozen=True)
class Actions:
    buttons: tuple[Button, ...]


Block = Section | Fields | ProgressBar | Context | Divider | Image | Actions


@dataclass(frozen=True)
class Message:
    """`text` is the whole message in one string: the notification preview, and what a
    platform without rich layout shows."""

    text: str
    blocks: tuple[Block, ...] = ()

    @classmethod
    def of(cls, *blocks: Block) -> Message:
        """A message whose text is its blocks read top to bottom."""
        return cls("\n".join(line for block in blocks if (line := plain_text(block))), blocks)


def bar(share: float, width: int = 10) -> str:
    """A progress bar in characters: ▓▓▓░░░░░░░."""
    filled = round(max(0.0, min(1.0, share)) * width)
    return "▓" * filled + "░" * (width - filled)


def plain_text(block: Block) -> str:
    """A block as plain lines (for previews and text-only platforms)."""
    match block:
        case Section(text) | Context(text):
            return text
        case Fields(pairs):
            return "\n".join(f"{label}: {value}" for label, value in pairs)
        case ProgressBar(label, share, caption):
            return f"{label}\n   {bar(share)} {caption}"
        case Image(_, alt):
            return f"[{alt}]"
        case Actions(buttons):
            return "  ".join(f"[{button.label}]" for button in buttons)
        case _:
            return ""


class FieldKind(StrEnum):
    NUMBER = "number"
    CONFIDENCE = "confidence"  # 0..10
    CHECKBOX = "checkbox"
    TEXT = "text"
    LONG_TEXT = "long_text"  # several lines


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    kind: FieldKind
    initial: str = ""
    hint: str = ""
    group: str = ""  # fields of one KR share a group: its title


@dataclass(frozen=True)
class Form:
    """A structured form each adapter renders natively (modal, card form, prompts)."""

    action: str  # what the core does with the submission
    value: str  # the action's argument
    title: str
    submit: str
    fields: tuple[FormField, ...]


@dataclass(frozen=True)
class MessageRef:
    """Where a sent message lives, so it can be updated in place later."""

    platform: str
    channel: str
    id: str


@dataclass(frozen=True)
class Place:
    """Where someone wrote: a DM (channel is the platform's DM id) or a channel thread."""

    channel: str
    is_dm: bool
    thread: str | None = None


@dataclass(frozen=True)
class Notice:
    """A DM to someone else the request concerns: the manager asked to agree, the assignee of
    a task. `user_id` is theirs on the platform the request came from."""

    user_id: str
    message: Message


@dataclass(frozen=True)
class Reply:
    """What the core asks the adapter to do in answer to one request.

    `messages` go where the request came from (ephemeral where `private` and the platform
    allows), `update` replaces a message in place, `reaction` marks the person's message,
    `form` opens a structured form, `notices` are sent to the others concerned."""

    messages: tuple[Message, ...] = ()
    private: bool = False
    update: tuple[MessageRef, Message] | None = None
    reaction: str | None = None
    form: Form | None = None
    notices: tuple[Notice, ...] = ()

    @classmethod
    def saying(cls, text: str, *, private: bool = False, reaction: str | None = None) -> Reply:
        """An answer of one paragraph."""
        return cls(messages=(Message.of(Section(text)),), private=private, reaction=reaction)
