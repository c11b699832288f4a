"""One head again: the Slack installation tables (0003) and the cadence tables (0005–0007)
both grew from 0001. This revision changes nothing; it joins the two lines so that there is
one head to upgrade to and new revisions have one parent.

Revision ID: 0008
Revises: 0003, 0007
Create Date: 2026-12-01
"""

from collections.abc import Sequence

revision: str = "0008"
down_revision: str | tuple[str, ...] | None = ("0003", "0007")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
