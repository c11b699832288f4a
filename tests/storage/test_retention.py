"""What is not kept for ever: the delivery log past its retention, and the OAuth states of
install-page visits that never came back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, insert, select

from bot.model import Delivery, DeliveryStatus
from storage.claims import SqlClaims, forget_expired_oauth_states
from storage.schema import SLACK_OAUTH_STATES
from storage.unit_of_work import session_factory

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
OCCURRENCE = datetime(2025, 1, 6, 10, tzinfo=UTC)


def delivery(target: str, status: DeliveryStatus, updated: datetime) -> Delivery:
    return Delivery(
        "local",
        "weekly-checkin",
        target,
        OCCURRENCE,
        status,
        "crowd",
        person=target,
        owner="a",
        updated_at=updated,
        lease_until=updated + timedelta(minutes=1) if status is DeliveryStatus.CLAIMED else None,
    )


def test_settled_deliveries_older_than_the_retention_are_forgotten_the_rest_kept(
    engine: Engine,
) -> None:
    claims = SqlClaims(session_factory(engine))
    old = NOW - timedelta(days=500)
    claims.record_many(
        [
            delivery("sent-long-ago", DeliveryStatus.SENT, old),
            delivery("claimed-long-ago", DeliveryStatus.CLAIMED, old),
            delivery("sent-lately", DeliveryStatus.SENT, NOW - timedelta(days=3)),
        ]
    )
    forgotten = claims.forget_before(NOW - timedelta(days=400))
    kept = [d.target for d in claims.of_occurrence("local", "weekly-checkin", OCCURRENCE)]
    assert (forgotten, kept) == (1, ["claimed-long-ago", "sent-lately"])


def test_oauth_states_past_their_expiry_are_forgotten(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(
            insert(SLACK_OAUTH_STATES),
            [
                {"state": "stale", "expire_at": (NOW - timedelta(minutes=1)).replace(tzinfo=None)},
                {"state": "live", "expire_at": (NOW + timedelta(minutes=5)).replace(tzinfo=None)},
            ],
        )
    forget_expired_oauth_states(engine, NOW)
    with engine.connect() as connection:
        left = connection.scalars(select(SLACK_OAUTH_STATES.c.state)).all()
        count = connection.scalar(select(func.count()).select_from(SLACK_OAUTH_STATES))
    assert (left, count) == (["live"], 1)
