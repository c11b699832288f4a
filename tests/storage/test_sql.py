"""What only the SQL storage has to show: query counts, time zones, constraints and engines."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError, StatementError

from bot.model import (
    AuditEntry,
    CheckInPrompt,
    Delivery,
    DeliveryStatus,
    KeyResult,
    Objective,
    Owner,
    Person,
)
from storage.claims import SqlClaims
from storage.unit_of_work import (
    SQLITE_BUSY_TIMEOUT_MS,
    SqlUnitOfWork,
    create_engine_for,
    session_factory,
)
from tests.databases import statements_run
from tests.storage.samples import MONDAY


def objectives_of_mia(count: int) -> list[Objective]:
    return [
        Objective(
            "acme",
            f"o-{n}",
            f"Objective {n}",
            Owner("mia"),
            "2026-Q4",
            key_results=[KeyResult(f"kr-{n}-{k}", f"KR {k}") for k in range(4)],
        )
        for n in range(count)
    ]


def statements_for_of_owner(engine: Engine, sql_uow: SqlUnitOfWork) -> int:
    with sql_uow, statements_run(engine) as statements:
        sql_uow.objectives.of_owner("acme", Owner("mia"), "2026-Q4")
    return len([s for s in statements if s.lstrip().upper().startswith("SELECT")])


def test_of_owner_costs_the_same_queries_for_one_objective_or_many(
    engine: Engine, sql_uow: SqlUnitOfWork
) -> None:
    with sql_uow:
        sql_uow.objectives.save(objectives_of_mia(1)[0])
        sql_uow.commit()
    for_one = statements_for_of_owner(engine, sql_uow)
    with sql_uow:
        for objective in objectives_of_mia(30):
            sql_uow.objectives.save(objective)
        sql_uow.commit()

    assert statements_for_of_owner(engine, sql_uow) == for_one == 2


# More ids than one statement may bind: PostgreSQL takes 65,535 values, SQLite as built by
# default 32,766.
MANY_PEOPLE = [f"p{n:05d}" for n in range(70_000)]


def test_prompts_of_more_people_than_a_statement_binds_are_all_found(
    sql_uow: SqlUnitOfWork,
) -> None:
    first, last = (
        CheckInPrompt("acme", f"ci-{person}", person, ["kr-1"], MONDAY, "feishu")
        for person in (MANY_PEOPLE[0], MANY_PEOPLE[-1])
    )
    with sql_uow:
        sql_uow.prompts.save_many([first, last])
        sql_uow.commit()

    with sql_uow:
        found = (
            sql_uow.prompts.get_many("acme", [f"ci-{p}" for p in MANY_PEOPLE]),
            sql_uow.prompts.latest_for_many("acme", MANY_PEOPLE),
        )
    assert found == ({first.id: first, last.id: last}, {first.person: first, last.person: last})


def test_sends_to_more_people_than_a_statement_binds_are_all_counted(engine: Engine) -> None:
    sessions = session_factory(engine)
    SqlClaims(sessions).record_many(
        [
            Delivery(
                "acme",
                "checkin-reminder",
                person,
                MONDAY,
                DeliveryStatus.SENT,
                "growth",
                person=person,
            )
            for person in (MANY_PEOPLE[0], MANY_PEOPLE[-1])
        ]
    )

    uow = SqlUnitOfWork(sessions)
    with uow:
        sent = uow.delivery_log.times_sent("acme", "checkin-reminder", MANY_PEOPLE, MONDAY)
    assert sent == {
        MANY_PEOPLE[0]: 1,
        MANY_PEOPLE[-1]: 1,
    }


def test_of_two_replicas_handling_one_event_the_later_waits_and_loses(engine: Engine) -> None:
    at = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

    def handle(uow: SqlUnitOfWork) -> bool:
        with uow:
            first = uow.events.first_time("acme", "slack", "Ev01", at)
            uow.commit()
            return first

    winner, rival = SqlUnitOfWork(session_factory(engine)), SqlUnitOfWork(session_factory(engine))
    with winner, ThreadPoolExecutor(max_workers=1) as pool:
        assert winner.events.first_time("acme", "slack", "Ev01", at)
        rival_result = pool.submit(handle, rival)
        time.sleep(0.2)  # time for the rival to reach our uncommitted row and wait on it
        assert not rival_result.done()
        winner.commit()
        assert rival_result.result(timeout=10) is False


def test_datetimes_come_back_in_utc(sql_uow: SqlUnitOfWork) -> None:
    shanghai_morning = datetime(2026, 11, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with sql_uow:
        sql_uow.audit.add(AuditEntry("acme", shanghai_morning, "mia", "objective.agreed", "o-1"))
        sql_uow.commit()

    with sql_uow:
        [entry] = sql_uow.audit.of_subject("acme", "o-1")
    assert entry.at.tzinfo is UTC
    assert entry.at == datetime(2026, 11, 2, 1, 0, tzinfo=UTC)


def test_naive_datetimes_are_refused(sql_uow: SqlUnitOfWork) -> None:
    naive = datetime(2026, 11, 2, 9, 0)  # noqa: DTZ001 (the point of the test)
    with sql_uow, pytest.raises(StatementError, match="naive datetime"):
        sql_uow.audit.add(AuditEntry("acme", naive, "mia", "objective.agreed", "o-1"))


def test_a_platform_id_belongs_to_one_person_in_a_tenant(sql_uow: SqlUnitOfWork) -> None:
    with sql_uow, pytest.raises(IntegrityError):
        sql_uow.people.save(Person("acme", "mia", "Mia", platform_ids={"slack": "U0MIA"}))
        sql_uow.people.save(Person("acme", "raj", "Raj", platform_ids={"slack": "U0MIA"}))
        sql_uow.commit()


def test_sqlite_connections_enforce_foreign_keys(tmp_path: Path) -> None:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'fk.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == SQLITE_BUSY_TIMEOUT_MS
    engine.dispose()


@pytest.mark.parametrize("scheme", ["postgresql", "postgres", "postgresql+psycopg"])
def test_postgresql_urls_go_through_psycopg(scheme: str) -> None:
    engine = create_engine_for(f"{scheme}://postgres@127.0.0.1:5432/okrbot")

    assert engine.url.drivername == "postgresql+psycopg"
    engine.dispose()
