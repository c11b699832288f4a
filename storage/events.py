"""The log of platform events already handled, shared by every replica."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete

from storage.repositories import SqlRepository, dialect_insert
from storage.schema import HandledEventRow


class SqlEventLog(SqlRepository):
    def first_time(self, tenant: str, platform: str, event_id: str, at: datetime) -> bool:
        """Records the event; False if it was recorded before, by this or another replica.

        Recording and testing are one statement, `INSERT ... ON CONFLICT DO NOTHING RETURNING`:
        the one insert that returns a row wins. (psycopg reports no row count for such inserts,
        so the row returned is the signal.) A rival replica's insert waits for this transaction:
        if it rolls back, the event was never handled and the rival gets it.
        """
        recorded = self._session.execute(
            dialect_insert(self._session, HandledEventRow)
            .values(tenant=tenant, platform=platform, event_id=event_id, at=at)
            .on_conflict_do_nothing()
            .returning(HandledEventRow.event_id)
        )
        return recorded.first() is not None

    def forget_before(self, tenant: str, platform: str, before: datetime) -> int:
        forgotten = self._session.execute(
            delete(HandledEventRow).where(
                HandledEventRow.tenant == tenant,
                HandledEventRow.platform == platform,
                HandledEventRow.at < before,
            )
        )
        # A DELETE answers a cursor result, which alone knows how many rows it took.
        return int(cast(CursorResult[Any], forgotten).rowcount)
