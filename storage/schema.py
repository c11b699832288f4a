"""The tables, as SQLAlchemy declarative models. Rows only: `storage.repositories` maps them to
and from the domain dataclasses of `bot.model`.

Every table has a `tenant` column that leads its keys and indexes. Foreign keys exist only inside
an aggregate (a person's platform ids, a team's members, an objective's KRs); references between
aggregates (a manager, a KR's check-ins) are plain ids, as in the in-memory fakes, so the core can
save things in any order. Enums are stored as their string values.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Final

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Dialect,
    Double,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UtcDateTime(TypeDecorator[datetime]):
    """`DateTime(timezone=True)` that takes only aware datetimes and returns them aware, in UTC.

    SQLite keeps no offset, so values go in converted to UTC and come out with UTC attached;
    PostgreSQL returns them in the session's time zone, so they are converted back to UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.utcoffset() is None:
            raise ValueError(f"refusing naive datetime {value.isoformat()}: pass an aware one")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# Deterministic constraint names, so migrations can refer to them (SQLite batch mode needs names).
NAMING_CONVENTION = {
    "pk": "pk_%(table_name)s",
    "fk": "fk_%(table_name)s_%(referred_table_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 (SQLAlchemy reads this class attribute)
        float: Double(),
        datetime: UtcDateTime(),
    }


# The children of an aggregate are replaced with it and deleted with it.
_CHILDREN = "all, delete-orphan"
# ...and loaded with it in the same statement. (`selectin` would send `(tenant, id) IN (...)` for
# these two-column keys, which SQLite answers by scanning the whole child table.)
_LOADED_WITH_PARENT: Final = "joined"


class TenantRow(Base):
    __tablename__ = "tenants"

    tenant: Mapped[str] = mapped_column(primary_key=True)
    default_period: Mapped[str]
    timezone: Mapped[str]


class PeriodRow(Base):
    __tablename__ = "periods"

    tenant: Mapped[str] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(primary_key=True)
    start_date: Mapped[date]
    end_date: Mapped[date]
    kind: Mapped[str]


class PersonRow(Base):
    __tablename__ = "people"

    tenant: Mapped[str] = mapped_column(primary_key=True)
    id: Mapped[str] = mapped_column(primary_key=True)
    name: Mapped[str]
    manager: Mapped[str | None]
    locale: Mapped[str]
    timezone: Mapped[str]
    email: Mapped[str | None]

    platform_ids: Mapped[list[PlatformIdRow]] = relationship(
        cascade=_CHILDREN, lazy=_LOADED_WITH_PARENT
    )
    roles: Mapped[list[PersonRoleRow]] = relationship(cascade=_CHILDREN, lazy=_LOADED_WITH_PARENT)


class PlatformIdRow(Base):
    """A person's user id on one chat platform; one person per id in a tenant."""

    __tablename__ = "person_platform_ids"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant", "person_id"], ["people.tenant", "people.id"], ondelete="CASCADE"
        ),
        UniqueConstraint("tenant", "platform", "platform_id"),
    )

    tenant: Mapped[str] = mapped_column(primary_key=True)
    person_id: Mapped[str] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(primary_key=True)
    platform_id: Mapped[str]


class PersonRoleRow(Base):
    __tablename__ = "person_roles"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant", "person_id"], ["people.tenant", "people.id"], ondelete="CASCADE"
        ),
    )

    tenant: Mapped[str] = mapped_column(primary_key=True)
    person_id: Mapped[str] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(primary_key=True)


class TeamRow(Base):
    __tablename__ = "teams"

    tenant: Mapped[str] = mapped_column(primary_key=True)
    id: Mapped[str] = mapped_column(primary_key=True)
    name: Mapped[str]
    parent: Mapped[str | None]
    lead: Mapped[str | None]
    cadences: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # only what differs

    members: Mapped[list[TeamMemberRow]] = relationship(
        cascade=_CHILDREN, lazy=_LOADED_WITH_PARENT, order_by="TeamMemberRow.position"
    )
    channels: Mapped[list[TeamChannelRow]] = relationship(
        cascade=_CHILDREN, lazy=_LOADED_WITH_PARENT
    )


class TeamMemberRow(Base):
    __tablename__ = "team_members"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant", "team_id"], ["teams.tenant", "teams.id"], ondelete="CASCADE"
        ),
        Index("ix_team_members_person", "tenant", "person_id"),
    )

    tenant: Mapped[str] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(primary_key=True)
    person_id: Mapped[str] = mapped_column(primary_key=True)
    position: Mapped[int]  # members are listed in the order they were saved


class TeamChannelRow(Base):
    __tablename__ = "team_channels"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant", "team_id"], ["teams.tenant", "teams.id"], ondelete="CASCADE"
        ),
    )

    tenant: Mapped[str] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(primary_key=True)
    channel_id: Mapped[str]


class ObjectiveRow(Base):
    __tablename__ = "objectives"
    __table_args__ = (
        # `id` last: listings are ordered by it. Without it SQLite prefers walking the primary
        # key in that order over the filter's index.
        Index("ix_objectives_owner", "tenant", "owner", "period", "id"),
        Index("ix_objectives_period", "tenant", "period", "id"),
    )

    tenant: Mapped[str] = mapped_column(primary_key=True)
    id: Mapped[str] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    owner: Mapped[str]  # `Owner` as text: a person id, or `team:<id>`
    period: Mapped[str]
    level: Mapped[str]
    parent: Mapped[str | None]
    origin: Mapped[str]
    status: Mapped[str]

    key_results: Mapped[list[KeyResultRow]] = relationship(
        cascade=_CHILDREN, lazy=_LOADED_WITH_PARENT, order_by="KeyResultRow.position"
    )


class KeyResultRow(Base):
    """A KR, keyed by its id in the tenant, so a check-in can find its objective in one step."""

    __tablename__ = "key_results"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant", "objective_id"],
            ["objectives.tenant", "objectives.id"],
            ondelete="CASCADE",
        ),
        Index("ix_key_results_objective", "tenant", "objective_id"),
    )

    tenant: Mapped[str] = mapped_column(primary_key=True)
    id: Mapped[str] = mapped_column(primary_key=True)
    objective_id: Mapped[str]
    position: Mapped[int]  # order within the objective
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str]
    start: Mapped[float]
    target: Mapped[float]
    current: Mapped[float]
    unit: Mapped[str]
    weight: Mapped[float]
    owner: Mapped[str | None]
    confidence: Mapped[float | None]
    self_score: Mapped[float | None]


class CheckInRow(Base):
    """One KR update. The id comes from the database: an autoincrement id must be the whole
    primary key on SQLite, so here (and in the audit log) the key is `id` alone and `tenant`
    leads the index every read goes through."""

    __tablename__ = "check_ins"
    __table_args__ = (Index("ix_check_ins_key_result", "tenant", "kr_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant: Mapped[str]
    kr_id: Mapped[str]
    objective_id: Mapped[str]
    author: Mapped[str]
    at: Mapped[datetime]
    value: Mapped[float | None]
    previous_value: Mapped[float | None]
    confidence: Mapped[float | None]
    previous_confidence: Mapped[float | None]
    blocked: Mapped[bool]
    comment: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str]
    undone: Mapped[bool]


class PromptRow(Base):
    """A check-in the bot sent. Its KR ids keep the order they were numbered in."""

    __tablename__ = "check_in_prompts"
    __table_args__ = (Index("ix_check_in_prompts_person", "tenant", "person", "sent_at"),)

    tenant: Mapped[str] = mapped_column(primary_key=True)
    id: Mapped[str] = mapped_column(primary_key=True)
    person: Mapped[str]
    kr_ids: Mapped[list[str]] = mapped_column(JSON)
    sent_at: Mapped[datetime]
    platform: Mapped[str]
    channel: Mapped[str | None]
    message_id: Mapped[str | None]
    status: Mapped[str]
    answered_at: Mapped[datetime | None]
    check_in_ids: Mapped[list[int]] = mapped_column(JSON)
    kind: Mapped[str] = mapped_column(server_default="check_in")  # PromptKind


class HandledEventRow(Base):
    """A platform event already handled, so a redelivery is recognised and dropped."""

    __tablename__ = "handled_events"

    tenant: Mapped[str] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(primary_key=True)
    at: Mapped[datetime]

    __table_args__ = (Index("ix_handled_events_at", "tenant", "platform", "at"),)


class ChangeRequestRow(Base):
    __tablename__ = "change_requests"
    __table_args__ = (Index("ix_change_requests_objective", "tenant", "objective_id"),)

    tenant: Mapped[str] = mapped_column(primary_key=True)
    id: Mapped[str] = mapped_column(primary_key=True)
    objective_id: Mapped[str]
    kr_id: Mapped[str]
    requested_by: Mapped[str]
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    status: Mapped[str]
    decided_by: Mapped[str | None]
    decided_at: Mapped[datetime | None]
    note: Mapped[str] = mapped_column(Text, server_default="")


class TaskRow(Base):
    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_key_result", "tenant", "kr_id", "id"),)  # `id`: the order

    tenant: Mapped[str] = mapped_column(primary_key=True)
    id: Mapped[str] = mapped_column(primary_key=True)
    kr_id: Mapped[str]
    title: Mapped[str] = mapped_column(Text)
    assignee: Mapped[str | None]
    done: Mapped[bool]
    due: Mapped[date | None]


class DependencyRow(Base):
    __tablename__ = "dependencies"
    __table_args__ = (
        # `id` last: the listing order (see ObjectiveRow).
        Index("ix_dependencies_key_result", "tenant", "kr_id", "id"),
        Index("ix_dependencies_on_owner", "tenant", "on_owner", "id"),
    )

    tenant: Mapped[str] = mapped_column(primary_key=True)
    id: Mapped[str] = mapped_column(primary_key=True)
    kr_id: Mapped[str]
    on_owner: Mapped[str]  # `Owner` as text
    on_kr_id: Mapped[str | None]
    note: Mapped[str] = mapped_column(Text)


class AuditEntryRow(Base):
    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_subject", "tenant", "subject"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant: Mapped[str]
    at: Mapped[datetime]
    actor: Mapped[str]
    action: Mapped[str]
    subject: Mapped[str]
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)


# Slack's multi-workspace installs and OAuth states, as slack_sdk's SQLAlchemy stores read and
# write them (slack_sdk.oauth.installation_store.sqlalchemy, slack_sdk.oauth.state_store.sqlalchemy:
# same names, columns and types; naive DateTime is theirs). Migration 0003 creates them.
SLACK_INSTALLATIONS = Table(
    "slack_installations",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client_id", String(32), nullable=False),
    Column("app_id", String(32), nullable=False),
    Column("enterprise_id", String(32)),
    Column("enterprise_name", String(200)),
    Column("enterprise_url", String(200)),
    Column("team_id", String(32)),
    Column("team_name", String(200)),
    Column("bot_token", String(200)),
    Column("bot_id", String(32)),
    Column("bot_user_id", String(32)),
    Column("bot_scopes", String(1000)),
    Column("bot_refresh_token", String(200)),
    Column("bot_token_expires_at", DateTime),
    Column("user_id", String(32), nullable=False),
    Column("user_token", String(200)),
    Column("user_scopes", String(1000)),
    Column("user_refresh_token", String(200)),
    Column("user_token_expires_at", DateTime),
    Column("incoming_webhook_url", String(200)),
    Column("incoming_webhook_channel", String(200)),
    Column("incoming_webhook_channel_id", String(200)),
    Column("incoming_webhook_configuration_url", String(200)),
    Column("is_enterprise_install", Boolean, nullable=False, default=False),
    Column("token_type", String(32)),
    Column("installed_at", DateTime, nullable=False),
    Index(
        "slack_installations_idx",
        "client_id",
        "enterprise_id",
        "team_id",
        "user_id",
        "installed_at",
    ),
)

SLACK_BOTS = Table(
    "slack_bots",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client_id", String(32), nullable=False),
    Column("app_id", String(32), nullable=False),
    Column("enterprise_id", String(32)),
    Column("enterprise_name", String(200)),
    Column("team_id", String(32)),
    Column("team_name", String(200)),
    Column("bot_token", String(200)),
    Column("bot_id", String(32)),
    Column("bot_user_id", String(32)),
    Column("bot_scopes", String(1000)),
    Column("bot_refresh_token", String(200)),
    Column("bot_token_expires_at", DateTime),
    Column("is_enterprise_install", Boolean, nullable=False, default=False),
    Column("installed_at", DateTime, nullable=False),
    Index("slack_bots_idx", "client_id", "enterprise_id", "team_id", "installed_at"),
)

SLACK_OAUTH_STATES = Table(
    "slack_oauth_states",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("state", String(200), nullable=False),
    Column("expire_at", DateTime, nullable=False),
)


class CadenceScheduleRow(Base):
    """When a team's cadence fires next; replicas move it on by compare-and-set."""

    __tablename__ = "cadence_schedules"
    __table_args__ = (Index("ix_cadence_schedules_next_at", "next_at"),)

    tenant: Mapped[str] = mapped_column(primary_key=True)
    team: Mapped[str] = mapped_column(primary_key=True)
    cadence: Mapped[str] = mapped_column(primary_key=True)
    next_at: Mapped[datetime]
    rule: Mapped[str] = mapped_column(Text)


class DeliveryRow(Base):
    """One occurrence of a cadence for one target, claimed before it is sent: the primary key
    is the claim's unique key, so two replicas cannot both win it."""

    __tablename__ = "deliveries"
    __table_args__ = (
        Index("ix_deliveries_person", "tenant", "person", "occurrence"),
        Index("ix_deliveries_status", "status", "lease_until"),
    )

    tenant: Mapped[str] = mapped_column(primary_key=True)
    cadence: Mapped[str] = mapped_column(primary_key=True)
    target: Mapped[str] = mapped_column(primary_key=True)
    occurrence: Mapped[datetime] = mapped_column(primary_key=True)
    status: Mapped[str]
    team: Mapped[str]
    person: Mapped[str | None]
    owner: Mapped[str]
    attempts: Mapped[int]
    lease_until: Mapped[datetime | None]
    updated_at: Mapped[datetime | None]
    detail: Mapped[str] = mapped_column(Text)
    channel: Mapped[str | None]
    message_id: Mapped[str | None]


class LeaveRow(Base):
    """A person away until a day (inclusive): no cadence prompts them meanwhile."""

    __tablename__ = "person_leaves"

    tenant: Mapped[str] = mapped_column(primary_key=True)
    person: Mapped[str] = mapped_column(primary_key=True)
    until: Mapped[date]


class CadencePostRow(Base):
    """A cadence prompt people answer where it was sent: found again by its message (a
    thread's root), or as a person's latest DM of a cadence."""

    __tablename__ = "cadence_posts"
    __table_args__ = (Index("ix_cadence_posts_person", "tenant", "person", "cadence", "sent_at"),)

    tenant: Mapped[str] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(primary_key=True)
    cadence: Mapped[str]
    team: Mapped[str]
    day: Mapped[date]
    sent_at: Mapped[datetime]
    person: Mapped[str | None]


class StandupAnswerRow(Base):
    """One person's standup of a day, in one team."""

    __tablename__ = "standup_answers"

    tenant: Mapped[str] = mapped_column(primary_key=True)
    team: Mapped[str] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    person: Mapped[str] = mapped_column(primary_key=True)
    yesterday: Mapped[str] = mapped_column(Text)
    today: Mapped[str] = mapped_column(Text)
    blockers: Mapped[str] = mapped_column(Text)
    kr_id: Mapped[str | None]
    at: Mapped[datetime]


class RetroAnswerRow(Base):
    """What someone answered the quarter-end retro question, once per period."""

    __tablename__ = "retro_answers"

    tenant: Mapped[str] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(primary_key=True)
    person: Mapped[str] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime]


class FocusRow(Base):
    """The objective a person was last shown on its own: what "KR2" names in their next
    command."""

    __tablename__ = "conversation_focus"

    tenant: Mapped[str] = mapped_column(primary_key=True)
    person: Mapped[str] = mapped_column(primary_key=True)
    objective_id: Mapped[str]
    at: Mapped[datetime]
