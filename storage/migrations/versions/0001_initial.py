"""The initial schema: tenants, periods, people, teams, objectives and key results, and what
happens to them (check-ins and the prompts that asked for them, change requests, tasks,
dependencies, the audit log), and the platform events already handled.

Revision ID: 0001
Revises:
Create Date: 2026-11-25

Written by hand against storage/schema.py; migrations never import the models, so that later
model changes cannot rewrite history. `tests/storage/test_migrations.py` checks that the
migrated schema and the models agree.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tenants",
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("default_period", sa.String(), nullable=False),
        sa.Column("timezone", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("tenant", name=op.f("pk_tenants")),
    )
    op.create_table(
        "periods",
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("tenant", "name", name=op.f("pk_periods")),
    )
    _create_people()
    _create_teams()
    _create_objectives()
    _create_tracking()


def _create_people() -> None:
    op.create_table(
        "people",
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("manager", sa.String(), nullable=True),
        sa.Column("locale", sa.String(), nullable=False),
        sa.Column("timezone", sa.String(), nullable=False),
        sa.Column("email", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("tenant", "id", name=op.f("pk_people")),
    )
    op.create_table(
        "person_platform_ids",
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("platform", sa.String(), nullable=False),
        sa.Column("platform_id", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint(
            "tenant", "person_id", "platform", name=op.f("pk_person_platform_ids")
        ),
        sa.ForeignKeyConstraint(
            ["tenant", "person_id"],
            ["people.tenant", "people.id"],
            name=op.f("fk_person_platform_ids_people"),
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint(
            "tenant",
            "platform",
            "platform_id",
            name=op.f("uq_person_platform_ids_tenant_platform_platform_id"),
        ),
    )
    op.create_table(
        "person_roles",
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("tenant", "person_id", "role", name=op.f("pk_person_roles")),
        sa.ForeignKeyConstraint(
            ["tenant", "person_id"],
            ["people.tenant", "people.id"],
            name=op.f("fk_person_roles_people"),
            ondelete="CASCADE",
        ),
    )


def _create_teams() -> None:
    op.create_table(
        "teams",
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("parent", sa.String(), nullable=True),
        sa.Column("lead", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("tenant", "id", name=op.f("pk_teams")),
    )
    op.create_table(
        "team_members",
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("team_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("tenant", "team_id", "person_id", name=op.f("pk_team_members")),
        sa.ForeignKeyConstraint(
            ["tenant", "team_id"],
            ["teams.tenant", "teams.id"],
            name=op.f("fk_team_members_teams"),
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_team_members_person", "team_members", ["tenant", "person_id"])
    op.create_table(
        "team_channels",
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("team_id", sa.String(), nullable=False),
        sa.Column("platform", sa.String(), nullable=False),
        sa.Column("channel_id", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("tenant", "team_id", "platform", name=op.f("pk_team_channels")),
        sa.ForeignKeyConstraint(
            ["tenant", "team_id"],
            ["teams.tenant", "teams.id"],
            name=op.f("fk_team_channels_teams"),
            ondelete="CASCADE",
        ),
    )


def _create_objectives() -> None:
    op.create_table(
        "objectives",
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(), nullable=False),
        sa.Column("period", sa.String(), nullable=False),
        sa.Column("level", sa.String(), nullable=False),
        sa.Column("parent", sa.String(), nullable=True),
        sa.Column("origin", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("tenant", "id", name=op.f("pk_objectives")),
    )
    op.create_index("ix_objectives_owner", "objectives", ["tenant", "owner", "period", "id"])
    op.create_index("ix_objectives_period", "objectives", ["tenant", "period", "id"])
    op.create_table(
        "key_results",
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("objective_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("start", sa.Double(), nullable=False),
        sa.Column("target", sa.Double(), nullable=False),
        sa.Column("current", sa.Double(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("weight", sa.Double(), nullable=False),
        sa.Column("owner", sa.String(), nullable=True),
        sa.Column("confidence", sa.Double(), nullable=True),
        sa.Column("self_score", sa.Double(), nullable=True),
        sa.PrimaryKeyConstraint("tenant", "id", name=op.f("pk_key_results")),
        sa.ForeignKeyConstraint(
            ["tenant", "objective_id"],
            ["objectives.tenant", "objectives.id"],
            name=op.f("fk_key_results_objectives"),
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_key_results_objective", "key_results", ["tenant", "objective_id"])


def _create_tracking() -> None:
    op.create_table(
        "check_ins",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("kr_id", sa.String(), nullable=False),
        sa.Column("objective_id", sa.String(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("value", sa.Double(), nullable=True),
        sa.Column("previous_value", sa.Double(), nullable=True),
        sa.Column("confidence", sa.Double(), nullable=True),
        sa.Column("previous_confidence", sa.Double(), nullable=True),
        sa.Column("blocked", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("undone", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_ins")),
    )
    op.create_index("ix_check_ins_key_result", "check_ins", ["tenant", "kr_id", "at"])
    op.create_table(
        "check_in_prompts",
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("person", sa.String(), nullable=False),
        sa.Column("kr_ids", sa.JSON(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("platform", sa.String(), nullable=False),
        sa.Column("channel", sa.String(), nullable=True),
        sa.Column("message_id", sa.String(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("check_in_ids", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("tenant", "id", name=op.f("pk_check_in_prompts")),
    )
    op.create_index(
        "ix_check_in_prompts_person", "check_in_prompts", ["tenant", "person", "sent_at"]
    )
    op.create_table(
        "handled_events",
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("platform", sa.String(), nullable=False),
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tenant", "platform", "event_id", name=op.f("pk_handled_events")),
    )
    op.create_table(
        "change_requests",
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("objective_id", sa.String(), nullable=False),
        sa.Column("kr_id", sa.String(), nullable=False),
        sa.Column("requested_by", sa.String(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("decided_by", sa.String(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("tenant", "id", name=op.f("pk_change_requests")),
    )
    op.create_index("ix_change_requests_objective", "change_requests", ["tenant", "objective_id"])
    op.create_table(
        "tasks",
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("kr_id", sa.String(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("assignee", sa.String(), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("tenant", "id", name=op.f("pk_tasks")),
    )
    op.create_index("ix_tasks_key_result", "tasks", ["tenant", "kr_id", "id"])
    op.create_table(
        "dependencies",
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("kr_id", sa.String(), nullable=False),
        sa.Column("on_owner", sa.String(), nullable=False),
        sa.Column("on_kr_id", sa.String(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("tenant", "id", name=op.f("pk_dependencies")),
    )
    op.create_index("ix_dependencies_key_result", "dependencies", ["tenant", "kr_id", "id"])
    op.create_index("ix_dependencies_on_owner", "dependencies", ["tenant", "on_owner", "id"])
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
    )
    op.create_index("ix_audit_entries_subject", "audit_entries", ["tenant", "subject"])


def downgrade() -> None:
    # Children before the tables they point at.
    for table in (
        "audit_entries",
        "dependencies",
        "tasks",
        "change_requests",
        "handled_events",
        "check_in_prompts",
        "check_ins",
        "key_results",
        "objectives",
        "team_channels",
        "team_members",
        "teams",
        "person_roles",
        "person_platform_ids",
        "people",
        "periods",
        "tenants",
    ):
        op.drop_table(table)  # drops its indexes with it
