"""Fixtures for tests of the core and the conversation: an in-memory workspace holding the
example OKR table (examples/okrs.yaml): ceo ← mia ← raj, ceo ← wang ← chen, li; hana."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cadences.registry import WEEKLY_CHECKIN
from bot.check_ins import Reading, record_check_ins
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


def team_table(size: int, *, locale: str = "en", title: str = "Objective") -> dict[str, Any]:
    """A workspace of one team ("big", channels `C0BIG` and `oc_big`) of `size` people, each
    with two objectives of two KRs at various progress, and the team's own objective with a
    task; its people's objectives are all called `title` (so their titles repeat)."""
    ids = [f"p{n:04d}" for n in range(size)]
    person_objectives = [
        {
            "id": f"o-{pid}-{o}",
            "title": title,
            "owner": pid,
            "key_results": [
                {
                    "id": f"kr-{pid}-{o}-{k}",
                    "title": f"Metric {k + 1} of {pid}",
                    "start": 0,
                    "target": 100,
                    "current": (n * 37 + o * 19 + k * 11) % 100,
                    "confidence": 0.3 + (n % 6) / 10,
                }
                for k in range(2)
            ],
        }
        for n, pid in enumerate(ids)
        for o in range(2)
    ]
    team_objective = {
        "id": "o-big",
        "title": "Ship the platform",
        "owner": "team:big",
        "key_results": [{"id": "kr-big", "title": "Launch it", "kind": "milestone"}],
    }
    return {
        "period": "2026-Q4",
        "timezone": "Asia/Shanghai",
        "people": [
            {"id": pid, "name": f"Person {pid}", "locale": locale, "slack": f"U{pid.upper()}"}
            for pid in ids
        ],
        "teams": [
            {
                "id": "big",
                "name": "Big",
                "lead": ids[0],
                "members": ids,
                "channels": {"slack": "C0BIG", "feishu": "oc_big"},
            }
        ],
        "objectives": [team_objective, *person_objectives],
    }


def checked_in_team(size: int, locale: str = "en") -> FakeUnitOfWork:
    """`team_table(size)` in the fakes, every third person having checked in blocked three
    days before the digest of Friday 6 November 2026."""
    uow = FakeUnitOfWork()
    clock = FixedClock(datetime(2026, 11, 3, 8, tzinfo=UTC))
    import_table(
        uow, clock, tenant="local", data=team_table(size, locale=locale), platforms=TABLE_COLUMNS
    )
    for n in range(0, size, 3):
        pid = f"p{n:04d}"
        reading = Reading(f"kr-{pid}-0-0", None, 0.2, blocked=True, comment="waiting on legal")
        record_check_ins(uow, clock, tenant="local", actor=pid, readings=[reading])
    return uow


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
