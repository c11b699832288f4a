"""Fixtures for tests of the core and the conversation: an in-memory workspace holding the
example OKR table (examples/okrs.yaml): ceo ← mia ← raj, ceo ← wang ← chen, li; hana."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cadences.settings import Cadence
from bot.model import Delivery, DeliveryStatus, KeyResult
from bot.ports import Deliveries, UnitOfWork
from bot.table import import_table
from tests.fakes import FakeDeliveries, FakeUnitOfWork, FixedClock

EXAMPLE_TABLE = Path(__file__).parents[1] / "examples" / "okrs.yaml"


def example_table() -> dict[str, object]:
    data = yaml.safe_load(EXAMPLE_TABLE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@dataclass(frozen=True)
class Reading:
    """What someone said about one KR, as the check-in use cases read it."""

    kr: str
    value: float | None = None
    confidence: float | None = None
    blocked: bool = False
    comment: str | None = None


def objective(table: dict[str, Any], objective_id: str) -> dict[str, Any]:
    """One objective's entry in a table's data, found by id."""
    found: dict[str, Any] = next(o for o in table["objectives"] if o["id"] == objective_id)
    return found


def stored_key_result(uow: UnitOfWork, kr_id: str, tenant: str = "local") -> KeyResult:
    """A KR as the unit of work has it now."""
    with uow:
        holder = uow.objectives.with_key_result(tenant, kr_id)
    found = holder.key_result(kr_id) if holder else None
    assert found is not None, kr_id
    return found


def check_in_sent(
    deliveries: Deliveries, person: str, team: str, at: datetime, tenant: str = "local"
) -> None:
    """The delivery log says the weekly check-in of `at` was sent to the person."""
    deliveries.record(
        Delivery(
            tenant,
            Cadence.WEEKLY_CHECKIN.value,
            person,
            at,
            DeliveryStatus.SENT,
            team,
            person=person,
        )
    )


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def uow(clock: FixedClock) -> FakeUnitOfWork:
    fake = FakeUnitOfWork()
    import_table(fake, clock, tenant="local", data=example_table())
    return fake


@pytest.fixture
def deliveries(uow: FakeUnitOfWork) -> FakeDeliveries:
    """The workspace's delivery log (cadence deliveries, what `/okr log` reads), empty."""
    return FakeDeliveries(uow)
