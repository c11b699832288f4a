"""Bolt listeners: each acks and hands the request to the listener threads, so Bolt answers
Slack at once (the app runs with `process_before_response=True`: the listener returns right
after `ack()`, with no polling for it). On its thread the work drops what was already handled,
turns the request into one call of the core and carries out the `Reply`.

A redelivery is recognised by what Slack keeps across its retries: events by `event_id` (sent
again with `X-Slack-Retry-Num`); slash commands, button presses and form submissions have no
event id, so by their `trigger_id`, which Slack makes once per invocation."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from adapters.slack.blocks import (
    BUTTON_PREFIX,
    FORM_CALLBACK,
    form_answers,
    read_button_value,
    read_form_metadata,
)
from adapters.slack.home import home_view
from adapters.slack.mentions import neutral_text
from adapters.slack.platform import NAME, SlackPlatform
from adapters.slack.replies import Origin, deliver
from adapters.slack.workspaces import Workspaces
from bot import dispatch, redelivery
from bot.chat.home import HOME_COMMAND
from bot.context import Chat, Request, Speaker
from bot.messages import MessageRef, Place
from bot.ports import Meter, NoMeter

Body = dict[str, Any]
log = logging.getLogger(__name__)


class Listeners:
    def __init__(
        self,
        chat: Chat,
        platform: SlackPlatform,
        workspaces: Workspaces,
        executor: Executor,
        meter: Meter | None = None,
    ) -> None:
        self._chat, self._platform, self._workspaces = chat, platform, workspaces
        self._executor = executor
        self._meter = meter or NoMeter()

    def register(self, app: App) -> None:
        later = self._later

        @app.command("/okr")
        def slash_command(ack: Ack, command: Body, context: BoltContext, respond: Respond) -> None:
            ack()
            later(self.slash_command, command, context, respond)

        @app.event("message")
        def message(ack: Ack, event: Body, body: Body, context: BoltContext) -> None:
            ack()
            later(self.message, event, body, context)

        @app.event("app_mention")
        def mention(ack: Ack, event: Body, body: Body, context: BoltContext) -> None:
            ack()
            later(self.mention, event, body, context)

        @app.event("app_home_opened")
        def home_opened(ack: Ack, event: Body, body: Body, context: BoltContext) -> None:
            ack()
            later(self.home_opened, event, body, context)

        @app.action(re.compile(f"^{BUTTON_PREFIX}\\d+$"))
        def button(ack: Ack, body: Body, action: Body, context: BoltContext) -> None:
            ack()
            later(self.button, body, action, context)

        @app.view(FORM_CALLBACK)
        def form_submitted(ack: Ack, body: Body, view: Body, context: BoltContext) -> None:
            errors = self.form_errors(body, view, context)
            if errors:  # the modal stays open, each error under its field
                ack(response_action="errors", errors=dict(errors))
                return
            ack()  # closes the modal; what the core says comes as a message
            later(self.form_submitted, body, view, context)

    def _later(self, work: Callable[..., None], *args: Any) -> None:
        """Run `work` after the ack, on the listener threads; log what goes wrong."""

        def run() -> None:
            outcome = "failed"
            try:
                work(*args)
                outcome = "handled"
            except Exception:
                log.exception("Slack request failed after its ack: %s", work.__name__)
            finally:
                labels = {"platform": NAME, "kind": work.__name__, "outcome": outcome}
                self._meter.count("okrbot_events_total", labels)

        self._executor.submit(run)

    # Slash command: `/okr …`
    def slash_command(self, command: Body, context: BoltContext, respond: Respond) -> None:
        tenant = self._tenant(context)
        if not self._first(tenant, "command", command.get("trigger_id")):
            return
        channel = str(command.get("channel_id", ""))
        place = Place(channel=channel, is_dm=_is_dm(channel, command.get("channel_name")))
        speaker = Speaker(tenant, NAME, str(command["user_id"]))
        request = Request(speaker, place, neutral_text(str(command.get("text", ""))))
        origin = Origin(
            tenant, speaker.user_id, place, respond=respond, trigger_id=command.get("trigger_id")
        )
        self._run(origin, lambda: dispatch.on_command(self._chat, request))

    # Messages: a DM to the bot (a reply to a check-in, or a command in words). In channels
    # only mentions of the bot are for it (`mention`).
    def message(self, event: Body, body: Body, context: BoltContext) -> None:
        if event.get("channel_type") != "im":
            return
        if event.get("subtype") or event.get("bot_id") or not event.get("user"):
            return  # edits, deletions, joins, bots: nothing a person said to the bot
        tenant = self._tenant(context)
        if not self._first(tenant, "event", body.get("event_id")):
            return
        channel = str(event["channel"])
        place = Place(channel=channel, is_dm=True, thread=event.get("thread_ts"))
        self._message(
            tenant,
            str(event["user"]),
            place,
            str(event.get("text", "")),
            MessageRef(NAME, channel, str(event["ts"])),
        )

    def mention(self, event: Body, body: Body, context: BoltContext) -> None:
        if event.get("bot_id") or not event.get("user"):
            return
        tenant = self._tenant(context)
        if not self._first(tenant, "event", body.get("event_id")):
            return
        channel = str(event["channel"])
        text = str(event.get("text", ""))
        if context.bot_user_id:
            text = re.sub(rf"^\s*<@{re.escape(context.bot_user_id)}(\|[^>]*)?>", "", text)
        place = Place(channel=channel, is_dm=False, thread=event.get("thread_ts") or event["ts"])
        self._message(
            tenant, str(event["user"]), place, text, MessageRef(NAME, channel, str(event["ts"]))
        )

    def _message(self, tenant: str, user_id: str, place: Place, text: str, own: MessageRef) -> None:
        request = Request(Speaker(tenant, NAME, user_id), place, neutral_text(text), own)
        origin = Origin(tenant, user_id, place, own_message=own)
        self._run(origin, lambda: dispatch.on_message(self._chat, request))

    # App Home
    def home_opened(self, event: Body, body: Body, context: BoltContext) -> None:
        if event.get("tab") != "home":
            return
        tenant = self._tenant(context)
        if not self._first(tenant, "event", body.get("event_id")):
            return
        user_id = str(event["user"])
        speaker = Speaker(tenant, NAME, user_id)
        try:
            view = home_view(self._chat, speaker, str(event.get("channel", "")))
            self._platform.client(tenant).views_publish(user_id=user_id, view=view)
        except Exception:
            log.exception("could not publish the App Home of %s in %s", user_id, tenant)

    # Buttons
    def button(self, body: Body, action: Body, context: BoltContext) -> None:
        tenant = self._tenant(context)
        if not self._first(tenant, "action", body.get("trigger_id")):
            return
        user_id = str(body["user"]["id"])
        speaker = Speaker(tenant, NAME, user_id)
        channel = str(
            (body.get("channel") or body.get("container") or {}).get("id", "")
            or (body.get("container") or {}).get("channel_id", "")
        )
        core_action, value = read_button_value(str(action.get("value", "")))
        place = Place(channel=channel or self._dm_channel(tenant, user_id), is_dm=True)
        origin = Origin(tenant, user_id, place, trigger_id=body.get("trigger_id"))
        if core_action == HOME_COMMAND:
            request = Request(speaker, place, value)
            self._run(origin, lambda: dispatch.on_command(self._chat, request))
        else:
            self._run(origin, lambda: dispatch.on_action(self._chat, speaker, core_action, value))
        if core_action == HOME_COMMAND and body.get("view", {}).get("type") == "home":
            self.home_opened(
                {"tab": "home", "user": user_id, "channel": channel}, {"event_id": None}, context
            )

    # The form (a modal)
    def form_errors(self, body: Body, view: Body, context: BoltContext) -> Mapping[str, str]:
        """Checked before the ack, which is the only way to show errors in the modal: reads
        only, in milliseconds. If the check fails, the submission goes on to be answered."""
        try:
            action, value, _ = read_form_metadata(view)
            speaker = Speaker(self._tenant(context), NAME, str(body["user"]["id"]))
            return dispatch.form_errors(self._chat, speaker, action, value, form_answers(view))
        except Exception:
            log.exception("could not check a submitted form")
            return {}

    def form_submitted(self, body: Body, view: Body, context: BoltContext) -> None:
        tenant = self._tenant(context)
        key = body.get("trigger_id") or f"{view.get('id')}:{view.get('hash')}"
        if not self._first(tenant, "view", key):
            return
        user_id = str(body["user"]["id"])
        action, value, channel = read_form_metadata(view)
        answers = form_answers(view)
        speaker = Speaker(tenant, NAME, user_id)
        place = Place(channel=channel or self._dm_channel(tenant, user_id), is_dm=True)
        self._run(
            Origin(tenant, user_id, place),
            lambda: dispatch.on_form(self._chat, speaker, action, value, answers),
        )

    def _tenant(self, context: BoltContext) -> str:
        return self._workspaces.tenant_of(context.team_id, context.enterprise_id)

    def _first(self, tenant: str, kind: str, key: object) -> bool:
        """False for a request already handled (see the module's docstring)."""
        if not key:
            return True
        return redelivery.first_delivery(self._chat, tenant, f"{kind}:{key}")

    def _dm_channel(self, tenant: str, user_id: str) -> str:
        opened = self._platform.client(tenant).conversations_open(users=user_id)
        return str(opened["channel"]["id"])

    def _run(self, origin: Origin, call: Callable[[], Any]) -> None:
        deliver(self._platform, origin, call())


def _is_dm(channel: str, channel_name: object) -> bool:
    return channel_name == "directmessage" or channel.startswith("D")
