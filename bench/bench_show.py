"""How long `okrbot show PERSON --json` takes of its own work, and whether that grows with the
size of the organisation.

Builds databases of 1,000 and 10,000 people (20 KRs each: 5 objectives × 4 KRs, so 200,000 KRs
at the larger size) with bulk inserts, then times the work `show` does after start-up (load
the person and their OKRs through the unit of work, build the JSON) for a sample of people.

    .venv/bin/python bench/bench_show.py [--postgres URL] [--people 1000 10000]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import Engine, insert, text

from bot import views
from okrbot.formats import person_okrs_json
from storage.migrate import upgrade
from storage.schema import KeyResultRow, ObjectiveRow, PersonRow, TenantRow
from storage.unit_of_work import SqlUnitOfWork, create_engine_for, session_factory

OBJECTIVES_PER_PERSON = 5
KRS_PER_OBJECTIVE = 4
SAMPLE = 300
BATCH = 20_000


def fill(engine: Engine, people: int, tenant: str) -> None:
    """An organisation of `people`, each with five objectives of four KRs, in bulk."""
    with engine.begin() as db:
        db.execute(
            insert(TenantRow), [{"tenant": tenant, "default_period": "2026-Q4", "timezone": "UTC"}]
        )
        db.execute(
            insert(PersonRow),
            [
                {
                    "tenant": tenant,
                    "id": f"p{i}",
                    "name": f"Person {i}",
                    "manager": f"p{(i - 1) // 8}" if i else None,
                    "locale": "en",
                    "timezone": "UTC",
                    "email": None,
                }
                for i in range(people)
            ],
        )
        objectives, krs = [], []
        for i in range(people):
            for o in range(OBJECTIVES_PER_PERSON):
                objective_id = f"o-p{i}-{o}"
                objectives.append(
                    {
                        "tenant": tenant,
                        "id": objective_id,
                        "title": f"Objective {o} of person {i}",
                        "owner": f"p{i}",
                        "period": "2026-Q4",
                        "level": "person",
                        "parent": None,
                        "origin": "bottom_up",
                        "status": "agreed",
                    }
                )
                krs.extend(
                    {
                        "tenant": tenant,
                        "id": f"kr-p{i}-{o}-{k}",
                        "objective_id": objective_id,
                        "position": k,
                        "title": f"Key result {k}",
                        "kind": "metric",
                        "start": 0.0,
                        "target": 100.0,
                        "current": float((i + k) % 100),
                        "unit": "%",
                        "weight": 1.0,
                        "owner": None,
                        "confidence": 0.6,
                        "self_score": None,
                    }
                    for k in range(KRS_PER_OBJECTIVE)
                )
        for rows, table in ((objectives, ObjectiveRow), (krs, KeyResultRow)):
            for start in range(0, len(rows), BATCH):
                db.execute(insert(table), rows[start : start + BATCH])
    # Fresh statistics, as autovacuum (PostgreSQL) or a long-lived database would have.
    with engine.begin() as db:
        db.execute(text("ANALYZE"))


def measure(engine: Engine, people: int, tenant: str) -> list[float]:
    sessions = session_factory(engine)
    rng = random.Random(7)
    timings = []
    for _ in range(SAMPLE):
        person = f"p{rng.randrange(people)}"
        started = time.perf_counter()
        okrs = views.person_okrs(SqlUnitOfWork(sessions), tenant=tenant, person_id=person)
        json.dumps(person_okrs_json(okrs), ensure_ascii=False)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def run(url: str, people: int) -> None:
    engine = create_engine_for(url)
    try:
        upgrade(engine)
        started = time.perf_counter()
        tenant = f"org-{people}"  # one organisation per size, so one database holds them all
        fill(engine, people, tenant)
        built = time.perf_counter() - started
        measure(engine, people, tenant)  # warm caches and connections
        timings = sorted(measure(engine, people, tenant))
        p99 = timings[int(len(timings) * 0.99) - 1]
        print(
            f"{engine.dialect.name:10} {people:>6,} people {people * 20:>8,} KRs "
            f"(built in {built:5.1f} s): show p50 {statistics.median(timings):5.2f} ms, "
            f"p99 {p99:5.2f} ms, max {timings[-1]:5.2f} ms"
        )
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--postgres", help="an EMPTY PostgreSQL database URL to also measure")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for people in args.people:
            run(f"sqlite:///{Path(folder) / f'bench-{people}.db'}", people)
    if args.postgres:
        for people in args.people:
            run(args.postgres, people)


if __name__ == "__main__":
    main()
