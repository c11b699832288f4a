"""Which tenant a Slack workspace is, and which bot token speaks for it.

Single-workspace mode (`SLACK_BOT_TOKEN`): every workspace event is tenant `local`, the tenant
`okrbot import` fills by default, and the one a company on both Slack and Feishu shares.
Multi-workspace mode (OAuth install): each workspace is its own tenant, named by its team id,
and its token is the one its install stored."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk.oauth.installation_store import InstallationStore

from bot.model import LOCAL_TENANT


class UnknownWorkspace(Exception):
    """A request that names no workspace, in multi-workspace mode."""


@dataclass(frozen=True)
class Workspaces:
    tenant_of: Callable[[str | None, str | None], str]  # (team id, enterprise id) → tenant
    token_for: Callable[[str], str | None]  # tenant → bot token


def single_workspace(bot_token: str) -> Workspaces:
    return Workspaces(
        tenant_of=lambda team, enterprise: LOCAL_TENANT, token_for=lambda tenant: bot_token
    )


def multi_workspace(installations: InstallationStore) -> Workspaces:
    def tenant_of(team: str | None, enterprise: str | None) -> str:
        tenant = team or enterprise
        if not tenant:
            raise UnknownWorkspace("the request names no Slack workspace")
        return tenant

    def token_for(tenant: str) -> str | None:
        bot = installations.find_bot(enterprise_id=None, team_id=tenant)
        return bot.bot_token if bot is not None else None

    return Workspaces(tenant_of=tenant_of, token_for=token_for)
