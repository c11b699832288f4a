"""Settings from the environment and `.env` (DESIGN.md, "Contracts": Environment). Secrets are
`SecretStr`: never printed, logged or shown in a traceback's locals by accident."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class MissingSetting(Exception):
    """Something asked for is not configured; the message says what to set."""


def secret(value: SecretStr | None) -> str | None:
    """The secret's text, None when unset or empty."""
    return value.get_secret_value() or None if value is not None else None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = Field("sqlite:///okrbot.db", alias="OKRBOT_DATABASE_URL")
    slack_bot_token: SecretStr | None = Field(None, alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr | None = Field(None, alias="SLACK_SIGNING_SECRET")
    slack_app_token: SecretStr | None = Field(None, alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field("https://slack.com/api/", alias="SLACK_API_URL")
    # Multi-workspace distribution (OAuth install) instead of one SLACK_BOT_TOKEN:
    slack_client_id: str | None = Field(None, alias="SLACK_CLIENT_ID")
    slack_client_secret: SecretStr | None = Field(None, alias="SLACK_CLIENT_SECRET")
    feishu_app_id: str | None = Field(None, alias="FEISHU_APP_ID")
    feishu_app_secret: SecretStr | None = Field(None, alias="FEISHU_APP_SECRET")
    feishu_verification_token: SecretStr | None = Field(None, alias="FEISHU_VERIFICATION_TOKEN")
    feishu_encrypt_key: SecretStr | None = Field(None, alias="FEISHU_ENCRYPT_KEY")
    feishu_domain: str = Field("https://open.feishu.cn", alias="FEISHU_DOMAIN")
    feishu_multi_tenant: bool = Field(False, alias="FEISHU_MULTI_TENANT")

    # Running it (README, "Deploy").
    log_level: str = Field("INFO", alias="OKRBOT_LOG_LEVEL")
    log_format: Literal["text", "json"] = Field("text", alias="OKRBOT_LOG_FORMAT")
    # The scheduler: a tick every so often (plus up to a third of it, so replicas differ).
    tick_seconds: float = Field(30.0, alias="OKRBOT_TICK_SECONDS", gt=0)
    # A claim's lease: how long a crashed replica's work waits before another takes it over.
    lease_seconds: float = Field(45.0, alias="OKRBOT_LEASE_SECONDS", gt=0)
    retry_seconds: float = Field(60.0, alias="OKRBOT_RETRY_SECONDS", gt=0)  # doubled per attempt
    grace_minutes: float = Field(120.0, alias="OKRBOT_GRACE_MINUTES", ge=0)  # late, still sent
    drain_seconds: float = Field(10.0, alias="OKRBOT_DRAIN_SECONDS", ge=0)  # sends under way
    send_workers: int = Field(8, alias="OKRBOT_SEND_WORKERS", ge=1)
    claim_batch: int = Field(50, alias="OKRBOT_CLAIM_BATCH", ge=1)
    send_rate: float | None = Field(None, alias="OKRBOT_SEND_RATE", gt=0)  # default: platform's
    # How long `okrbot jobs run` waits for the claims other runs hold, and for retries.
    run_wait_seconds: float = Field(300.0, alias="OKRBOT_RUN_WAIT_SECONDS", ge=0)
    database_outage_seconds: float = Field(60.0, alias="OKRBOT_DATABASE_OUTAGE_SECONDS", ge=0)
    delivery_retention_days: int = Field(400, alias="OKRBOT_DELIVERY_RETENTION_DAYS", ge=1)
