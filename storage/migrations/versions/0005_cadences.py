"""Cadences: each team's cadence settings, the schedules replicas advance by compare-and-set,
the deliveries (claims and the delivery log) and people's leave.

Revision ID: 0005
Revises: 0001
Create Date: 2026-11-26

Written by hand against storage/schema.py (migrations never import the models).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("teams") as teams:
        teams.add_column(sa.Column("cadences", sa.JSON(), nullable=True))
    op.create_table(
        "cadence_schedules",
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("team", sa.String(), nullable=False),
        sa.Column("cadence", sa.String(), nullable=False),
        sa.Column("next_at", _UTC, nullable=False),
        sa.Column("rule", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("tenant", "team", "cadence", name=op.f("pk_cadence_schedules")),
    )
    op.create_index("ix_cadence_schedules_next_at", "cadence_schedules", ["next_at"])
    op.create_table(
        "deliveries",
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("cadence", sa.String(), nullable=False),
        sa.Column("target", sa.String(), nullable=False),
        sa.Column("occurrence", _UTC, nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("team", sa.String(), nullable=False),
        sa.Column("person", sa.String(), nullable=True),
        sa.Column("owner", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lease_until", _UTC, nullable=True),
        sa.Column("updated_at", _UTC, nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(), nullable=True),
        sa.Column("message_id", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint(
            "tenant", "cadence", "target", "occurrence", name=op.f("pk_deliveries")
        ),
    )
    op.create_index("ix_deliveries_person", "deliveries", ["tenant", "person", "occurrence"])
    op.create_index("ix_deliveries_status", "deliveries", ["status", "lease_until"])
    op.create_table(
        "person_leaves",
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("person", sa.String(), nullable=False),
        sa.Column("until", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("tenant", "person", name=op.f("pk_person_leaves")),
    )


def downgrade() -> None:
    op.drop_table("person_leaves")
    op.drop_index("ix_deliveries_status", table_name="deliveries")
    op.drop_index("ix_deliveries_person", table_name="deliveries")
    op.drop_table("deliveries")
    op.drop_index("ix_cadence_schedules_next_at", table_name="cadence_schedules")
    op.drop_table("cadence_schedules")
    with op.batch_alter_table("teams") as teams:
        teams.drop_column("cadences")
