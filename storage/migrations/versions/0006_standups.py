"""Standups: where cadence prompts were posted (to recognise the answers in their threads or
DMs) and the standup answers.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25

Written by hand against storage/schema.py (migrations never import the models).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "cadence_posts",
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("platform", sa.String(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("message_id", sa.String(), nullable=False),
        sa.Column("cadence", sa.String(), nullable=False),
        sa.Column("team", sa.String(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("sent_at", _UTC, nullable=False),
        sa.Column("person", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint(
            "tenant", "platform", "channel", "message_id", name=op.f("pk_cadence_posts")
        ),
    )
    op.create_index(
        "ix_cadence_posts_person", "cadence_posts", ["tenant", "person", "cadence", "sent_at"]
    )
    op.create_table(
        "standup_answers",
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("team", sa.String(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("person", sa.String(), nullable=False),
        sa.Column("yesterday", sa.Text(), nullable=False),
        sa.Column("today", sa.Text(), nullable=False),
        sa.Column("blockers", sa.Text(), nullable=False),
        sa.Column("kr_id", sa.String(), nullable=True),
        sa.Column("at", _UTC, nullable=False),
        sa.PrimaryKeyConstraint("tenant", "team", "day", "person", name=op.f("pk_standup_answers")),
    )


def downgrade() -> None:
    op.drop_table("standup_answers")
    op.drop_index("ix_cadence_posts_person", table_name="cadence_posts")
    op.drop_table("cadence_posts")
