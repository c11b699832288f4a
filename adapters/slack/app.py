"""The Bolt app, wired: single-workspace (one bot token) or multi-workspace (OAuth install,
with slack-sdk's SQLAlchemy installation and state stores in our database), served over HTTP
by a WSGI server or over Socket Mode.

Bolt's sync `App` verifies every request's signature and its 5-minute window (401 otherwise) and
answers `url_verification`. Listeners ack and return at once, handing the work to our thread
pool (`adapters.slack.listeners`), so Slack has its 200 within milliseconds whatever the work
costs. (Bolt's own `process_before_response=False` would also ack first, but its request thread
polls for the ack every 10 ms.)"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from adapters.slack.listeners import Listeners
from adapters.slack.platform import SLACK_API_URL, SlackPlatform, web_client
from adapters.slack.workspaces import Workspaces, multi_workspace, single_workspace
from bot.context import Chat
from bot.ports import ChatPlatform, Meter

EVENTS_PATH = "/slack/events"
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
# What the bot may do in a workspace; adapters/slack/manifest.yaml asks for the same. The
# `*:history` scopes let a post whose fate is unknown be looked for before it is repeated.
BOT_SCOPES = (
    "app_mentions:read",
    "channels:history",
    "chat:write",
    "commands",
    "files:write",
    "groups:history",
    "im:history",
    "im:read",
    "im:write",
    "reactions:write",
    "users:read",
    "users:read.email",
)
OAUTH_STATE_SECONDS = 600

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


@dataclass(frozen=True)
class OAuth:
    """Multi-workspace distribution. `engine` is a SQLAlchemy engine the application built on
    our database (typed loosely: adapters never import SQLAlchemy themselves); the installation
    and state tables are created by our migrations (storage, revision 0003)."""

    client_id: str
    client_secret: str
    engine: Any


@dataclass(frozen=True)
class SlackApp:
    """`platform` answers requests; `scheduled` is the port the scheduler sends through (its
    sends leave a 429 to the fan-out's pacer: see `adapters.slack.platform`)."""

    app: App
    platform: SlackPlatform
    chat: Chat
    scheduled: SlackPlatform

    def routes(self) -> Mapping[str, WsgiApp]:
        """The WSGI endpoints: events, slash commands and interactivity at `/slack/events`,
        and the OAuth install pages in multi-workspace mode."""
        handler = SlackRequestHandler(self.app, path=EVENTS_PATH)
        paths = [EVENTS_PATH]
        if self.app.oauth_flow is not None:
            paths += [INSTALL_PATH, REDIRECT_PATH]
        return {path: handler for path in paths}

    def socket_mode(self, app_token: str) -> SocketModeHandler:
        """A Socket Mode connection (`start()` blocks; `connect()` / `close()` do not)."""
        return SocketModeHandler(self.app, app_token=app_token)


def build_slack_app(
    *,
    chat_for: Callable[[ChatPlatform], Chat],
    signing_secret: str,
    api_url: str = SLACK_API_URL,
    bot_token: str | None = None,
    oauth: OAuth | None = None,
    token_verification: bool = True,
    verify_requests: bool = True,
    executor: Executor | None = None,
    meter: Meter | None = None,
) -> SlackApp:
    """The app in single-workspace mode when given `bot_token`, else with `oauth`. Listeners
    run after the ack on `executor` (default: 32 threads). `chat_for` is the root's: it
    assembles the bot on the platform this builds."""
    common: dict[str, Any] = {
        "signing_secret": signing_secret,
        "attaching_conversation_kwargs_enabled": False,  # no conversations.replies per DM
        "process_before_response": True,  # the listeners return right after their ack
        # Off only where nothing comes over HTTP (Socket Mode, or sending alone).
        "request_verification_enabled": verify_requests,
    }
    executor = executor or ThreadPoolExecutor(max_workers=32, thread_name_prefix="slack-work")
    workspaces: Workspaces
    if bot_token:
        workspaces = single_workspace(bot_token)
        app = App(
            client=web_client(api_url, bot_token),  # Bolt takes the token from it
            token_verification_enabled=token_verification,
            **common,
        )
    elif oauth is not None:
        installations = SQLAlchemyInstallationStore(client_id=oauth.client_id, engine=oauth.engine)
        states = SQLAlchemyOAuthStateStore(
            expiration_seconds=OAUTH_STATE_SECONDS, engine=oauth.engine
        )
        workspaces = multi_workspace(installations)
        app = App(
            client=web_client(api_url),
            installation_store=installations,
            oauth_settings=OAuthSettings(
                client_id=oauth.client_id,
                client_secret=oauth.client_secret,
                scopes=list(BOT_SCOPES),
                install_path=INSTALL_PATH,
                redirect_uri_path=REDIRECT_PATH,
                installation_store=installations,
                installation_store_bot_only=True,
                state_store=states,
                state_expiration_seconds=OAUTH_STATE_SECONDS,
            ),
            **common,
        )
    else:
        raise ValueError("give a bot token (one workspace) or OAuth settings (many)")
    platform = SlackPlatform(api_url, workspaces.token_for)
    chat = chat_for(platform)
    Listeners(chat, platform, workspaces, executor, meter).register(app)
    return SlackApp(
        app, platform, chat, scheduled=SlackPlatform(api_url, workspaces.token_for, paced=True)
    )
