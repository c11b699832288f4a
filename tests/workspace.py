"""Fixtures for tests of the core and the conversation: an in-memory workspace holding the
example OKR table (examples/okrs.yaml): ceo ← mia ← raj, ceo ← wang ← chen, li; hana."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cadences.registry import WEEKLY_CHECKIN
from bot.model import Delivery, DeliveryStatus, KeyResult
from bot.ports import Claims, UnitOfWork
from bot.table import import_table
from okrbot.platforms import TABLE_COLUMNS
from tests.fakes import FakeClaims, FakeUnitOfWork, FixedClock

EXAMPLE_TABLE = Path(__file__).parents[1] / "examples" / "okrs.yaml"


def example_table() -> dict[str, object]:
    data = yaml.safe_load(EXAMPLE_TABLE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


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
    claims: Claims, person: str, team: str, at: datetime, tenant: str = "local"
) -> None:
    """The delivery log says the weekly check-in of `at` was sent to the person."""
    claims.record(
        Delivery(
            tenant,
            WEEKLY_CHECKIN.name,
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
    import_table(fake, clock, tenant="local", data=example_table(), platforms=TABLE_COLUMNS)
    return fake


@pytest.fixture
def claims(uow: FakeUnitOfWork) -> FakeClaims:
    """The claims of the workspace's cadence deliveries (what `/okr log` reads), none yet."""
    return FakeClaims(uow)
