"""Handled platform events: an index on when they were handled, so old ones can be forgotten
without reading the whole table.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25

Written by hand against storage/schema.py (migrations never import the models).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_handled_events_at", "handled_events", ["tenant", "platform", "at"])


def downgrade() -> None:
    op.drop_index("ix_handled_events_at", table_name="handled_events")
