"""The delivery log as cadences read it, on the fake and on both databases: how often each
person was sent a cadence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from bot.model import Delivery, DeliveryStatus
from bot.ports import Claims, UnitOfWork
from storage.claims import SqlClaims
from storage.unit_of_work import SqlUnitOfWork, session_factory
from tests.fakes import FakeClaims, FakeUnitOfWork
from tests.storage.contract import over_fake_and_databases
from tests.storage.samples import MONDAY

pytestmark = over_fake_and_databases

REMINDER = "checkin-reminder"


@dataclass(frozen=True)
class Log:
    """The delivery log as the claims write it and a unit of work reads it."""

    claims: Claims
    uow: UnitOfWork

    def record_many(self, deliveries: Sequence[Delivery]) -> None:
        self.claims.record_many(deliveries)

    def times_sent(
        self, tenant: str, cadence: str, people: Sequence[str], since: datetime
    ) -> Mapping[str, int]:
        with self.uow:
            return self.uow.delivery_log.times_sent(tenant, cadence, people, since)


@pytest.fixture
def deliveries(database_backend: str, request: pytest.FixtureRequest) -> Log:
    """An empty delivery log: the fake, or SQL on the backend's database."""
    if database_backend == "fake":
        uow = FakeUnitOfWork()
        return Log(FakeClaims(uow), uow)
    sessions = session_factory(request.getfixturevalue("engine"))
    return Log(SqlClaims(sessions), SqlUnitOfWork(sessions))


def delivery(
    person: str,
    days: int,
    cadence: str = REMINDER,
    status: DeliveryStatus = DeliveryStatus.SENT,
    tenant: str = "acme",
) -> Delivery:
    """A delivery to `person`, `days` after Monday."""
    return Delivery(
        tenant,
        cadence,
        person,
        MONDAY + timedelta(days=days),
        status,
        "growth",
        person=person,
        owner="a",
    )


def test_times_sent_counts_each_persons_sends_of_the_cadence(deliveries: Log) -> None:
    deliveries.record_many(
        [
            delivery("mia", 1),
            delivery("mia", 2),
            delivery("li", 1),
            delivery("mia", 0, cadence="weekly-checkin"),
        ]
    )

    assert deliveries.times_sent("acme", REMINDER, ["mia", "li"], MONDAY) == {"mia": 2, "li": 1}


def test_times_sent_counts_only_occurrences_since_then(deliveries: Log) -> None:
    deliveries.record_many([delivery("mia", -6), delivery("mia", 0), delivery("mia", 1)])

    assert deliveries.times_sent("acme", REMINDER, ["mia"], MONDAY) == {"mia": 2}


def test_times_sent_leaves_out_deliveries_not_sent(deliveries: Log) -> None:
    deliveries.record_many(
        [
            delivery("mia", 1, status=DeliveryStatus.SKIPPED),
            delivery("mia", 2, status=DeliveryStatus.FAILED),
            delivery("li", 1, status=DeliveryStatus.RETRY),
        ]
    )

    assert deliveries.times_sent("acme", REMINDER, ["mia", "li"], MONDAY) == {}


def test_times_sent_counts_only_the_people_asked_in_the_tenant(deliveries: Log) -> None:
    deliveries.record_many([delivery("mia", 1, tenant="globex"), delivery("raj", 1)])

    assert deliveries.times_sent("acme", REMINDER, ["mia", "li"], MONDAY) == {}
