"""The SQL unit of work, and the engine and session factories the application builds it from."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from bot.ports import (
    AuditLog,
    CadencePostRepository,
    ChangeRequestRepository,
    CheckInRepository,
    DeliveryLog,
    DependencyRepository,
    EventLog,
    FocusRepository,
    LeaveRepository,
    ObjectiveRepository,
    PeriodRepository,
    PersonRepository,
    PromptRepository,
    RetroRepository,
    StandupAnswerRepository,
    TaskRepository,
    TeamRepository,
    TenantRepository,
)
from storage.cadence_repositories import (
    SqlCadencePosts,
    SqlDeliveryLog,
    SqlLeaves,
    SqlStandupAnswers,
)
from storage.events import SqlEventLog
from storage.repositories import SqlObjectives, SqlPeople, SqlPeriods, SqlTeams, SqlTenants
from storage.tracking import (
    SqlAudit,
    SqlChangeRequests,
    SqlCheckIns,
    SqlDependencies,
    SqlFocus,
    SqlPrompts,
    SqlRetros,
    SqlTasks,
)

# How long a SQLite writer waits for another process's lock before failing ("database is locked").
SQLITE_BUSY_TIMEOUT_MS = 15_000
CONNECT_TIMEOUT_S = 5  # PostgreSQL


def create_engine_for(url: str) -> Engine:
    """An engine for a SQLite or PostgreSQL URL. PostgreSQL always goes through psycopg 3, so a
    plain `postgresql://` (or `postgres://`) URL works too. Connects to nothing yet."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed)
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    # pre-ping: a connection the server dropped (a restart, a failover, a cut network) is
    # replaced at checkout instead of failing the next statement; connect_timeout: a server
    # that does not answer fails fast, so callers retry rather than hang.
    return create_engine(
        _with_psycopg(parsed),
        pool_pre_ping=True,
        pool_recycle=300,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S},
    )


# The errors of a database that is away for now, which a caller may retry through (the
# delivery engine does: `jobs.runner.Runner.outage_errors`).
OUTAGE_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)


def ping(engine: Engine) -> None:
    """`SELECT 1`: raises if the database does not answer."""
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def _with_psycopg(url: URL) -> URL:
    if url.drivername in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg")
    return url


def _configure_sqlite(connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    # SQLite leaves foreign keys off unless every connection asks for them.
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    # Readers never wait for the writer, and a commit is an append to the log instead of a
    # rewritten journal: a fan-out commits its outcomes many times a minute. Durable across
    # a crash of the process; a power cut may lose the last commits, never corrupt the file.
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine)


class SqlUnitOfWork:
    """`bot.ports.UnitOfWork` over SQL: each `with` block is one session and one transaction,
    rolled back on exit unless committed. The same object can run many `with` blocks."""

    # Typed as the ports: the protocol's attributes are writable, so mypy wants them exactly.
    tenants: TenantRepository
    periods: PeriodRepository
    people: PersonRepository
    teams: TeamRepository
    objectives: ObjectiveRepository
    check_ins: CheckInRepository
    prompts: PromptRepository
    events: EventLog
    change_requests: ChangeRequestRepository
    tasks: TaskRepository
    dependencies: DependencyRepository
    audit: AuditLog
    leaves: LeaveRepository
    cadence_posts: CadencePostRepository
    standup_answers: StandupAnswerRepository
    delivery_log: DeliveryLog
    retros: RetroRepository
    focus: FocusRepository

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory
        self._session: Session | None = None

    def __enter__(self) -> Self:
        if self._session is not None:
            raise RuntimeError("this unit of work is already in a `with` block")
        session = self._session = self._session_factory()
        self.tenants = SqlTenants(session)
        self.periods = SqlPeriods(session)
        self.people = SqlPeople(session)
        self.teams = SqlTeams(session)
        self.objectives = SqlObjectives(session)
        self.check_ins = SqlCheckIns(session)
        self.prompts = SqlPrompts(session)
        self.events = SqlEventLog(session)
        self.change_requests = SqlChangeRequests(session)
        self.tasks = SqlTasks(session)
        self.dependencies = SqlDependencies(session)
        self.audit = SqlAudit(session)
        self.leaves = SqlLeaves(session)
        self.cadence_posts = SqlCadencePosts(session)
        self.standup_answers = SqlStandupAnswers(session)
        self.delivery_log = SqlDeliveryLog(session)
        self.retros = SqlRetros(session)
        self.focus = SqlFocus(session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self._active(), None
        session.close()  # rolls back whatever was not committed

    def commit(self) -> None:
        self._active().commit()

    def rollback(self) -> None:
        self._active().rollback()

    def _active(self) -> Session:
        if self._session is None:
            raise RuntimeError("use the unit of work inside a `with` block")
        return self._session
