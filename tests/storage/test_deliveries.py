"""The delivery log as cadences read it, on the fake and on both databases: how often each
person was sent a cadence."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.model import Delivery, DeliveryStatus
from bot.ports import Deliveries
from storage.deliveries import SqlDeliveries
from storage.unit_of_work import session_factory
from tests.fakes import FakeDeliveries
from tests.storage.contract import over_fake_and_databases
from tests.storage.samples import MONDAY

pytestmark = over_fake_and_databases

REMINDER = "checkin-reminder"


@pytest.fixture
def deliveries(database_backend: str, request: pytest.FixtureRequest) -> Deliveries:
    """An empty delivery log: the fake, or SQL on the backend's database."""
    if database_backend == "fake":
        return FakeDeliveries()
    return SqlDeliveries(session_factory(request.getfixturevalue("engine")))


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


def test_times_sent_counts_each_persons_sends_of_the_cadence(deliveries: Deliveries) -> None:
    deliveries.record_many(
        [
            delivery("mia", 1),
            delivery("mia", 2),
            delivery("li", 1),
            delivery("mia", 0, cadence="weekly-checkin"),
        ]
    )

    assert deliveries.times_sent("acme", REMINDER, ["mia", "li"], MONDAY) == {"mia": 2, "li": 1}


def test_times_sent_counts_only_occurrences_since_then(deliveries: Deliveries) -> None:
    deliveries.record_many([delivery("mia", -6), delivery("mia", 0), delivery("mia", 1)])

    assert deliveries.times_sent("acme", REMINDER, ["mia"], MONDAY) == {"mia": 2}


def test_times_sent_leaves_out_deliveries_not_sent(deliveries: Deliveries) -> None:
    deliveries.record_many(
        [
            delivery("mia", 1, status=DeliveryStatus.SKIPPED),
            delivery("mia", 2, status=DeliveryStatus.FAILED),
            delivery("li", 1, status=DeliveryStatus.RETRY),
        ]
    )

    assert deliveries.times_sent("acme", REMINDER, ["mia", "li"], MONDAY) == {}


def test_times_sent_counts_only_the_people_asked_in_the_tenant(deliveries: Deliveries) -> None:
    deliveries.record_many([delivery("mia", 1, tenant="globex"), delivery("raj", 1)])

    assert deliveries.times_sent("acme", REMINDER, ["mia", "li"], MONDAY) == {}
