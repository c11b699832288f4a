"""Settings from the environment and `.env` (DESIGN.md, "Contracts": Environment)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class MissingSetting(Exception):
    """Something asked for is not configured; the message says what to set."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = Field("sqlite:///okrbot.db", alias="OKRBOT_DATABASE_URL")
    slack_bot_token: str | None = Field(None, alias="SLACK_BOT_TOKEN")
    slack_signing_secret: str | None = Field(None, alias="SLACK_SIGNING_SECRET")
    slack_app_token: str | None = Field(None, alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field("https://slack.com/api/", alias="SLACK_API_URL")
    # Multi-workspace distribution (OAuth install) instead of one SLACK_BOT_TOKEN:
    slack_client_id: str | None = Field(None, alias="SLACK_CLIENT_ID")
    slack_client_secret: str | None = Field(None, alias="SLACK_CLIENT_SECRET")
    feishu_app_id: str | None = Field(None, alias="FEISHU_APP_ID")
    feishu_app_secret: str | None = Field(None, alias="FEISHU_APP_SECRET")
    feishu_verification_token: str | None = Field(None, alias="FEISHU_VERIFICATION_TOKEN")
    feishu_encrypt_key: str | None = Field(None, alias="FEISHU_ENCRYPT_KEY")
    feishu_domain: str = Field("https://open.feishu.cn", alias="FEISHU_DOMAIN")
    feishu_multi_tenant: bool = Field(False, alias="FEISHU_MULTI_TENANT")
