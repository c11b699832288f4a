"""The OKR life cycle in chat: a prompt's kind (a check-in, the quarter's scoring, the retro
question), the note a declined change request carries, the retro answers, and the objective
each person was last shown (what "KR2" names).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01

Written by hand against storage/schema.py (migrations never import the models). Columns are
only added, with defaults, so the previous release still reads and writes the tables.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("check_in_prompts") as table:
        table.add_column(sa.Column("kind", sa.String(), nullable=False, server_default="check_in"))
    with op.batch_alter_table("change_requests") as table:
        table.add_column(sa.Column("note", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "retro_answers",
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("period", sa.String(), nullable=False),
        sa.Column("person", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("at", _UTC, nullable=False),
        sa.PrimaryKeyConstraint("tenant", "period", "person", name=op.f("pk_retro_answers")),
    )
    op.create_table(
        "conversation_focus",
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("person", sa.String(), nullable=False),
        sa.Column("objective_id", sa.String(), nullable=False),
        sa.Column("at", _UTC, nullable=False),
        sa.PrimaryKeyConstraint("tenant", "person", name=op.f("pk_conversation_focus")),
    )


def downgrade() -> None:
    op.drop_table("conversation_focus")
    op.drop_table("retro_answers")
    with op.batch_alter_table("change_requests") as table:
        table.drop_column("note")
    with op.batch_alter_table("check_in_prompts") as table:
        table.drop_column("kind")
