"""A check-in answer is one transaction: when something fails after the answer's values are
written (here: saving the check-in's own state), nothing of it is kept — on the fakes and on
both databases — and the person is told so."""

from __future__ import annotations

import io
from types import TracebackType
from typing import Any

from sqlalchemy import Engine

from adapters.console.platform import ConsolePlatform
from adapters.console.session import ConsoleSession
from bot.model import PromptStatus
from bot.ports import UnitOfWork
from bot.table import import_table
from okrbot.platforms import TABLE_COLUMNS
from storage.unit_of_work import SqlUnitOfWork, session_factory
from tests.fakes import FakeUnitOfWork, FixedClock, chats
from tests.workspace import example_table, stored_key_result


class PromptsCannotBeSaved:
    """A unit of work whose check-in prompts, once `armed`, fail to save: the last write of an
    answer, after its KR values and check-ins."""

    armed = False

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def __enter__(self) -> PromptsCannotBeSaved:
        self._inner.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._inner.__exit__(exc_type, exc, tb)

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._inner, name)
        if name == "prompts" and PromptsCannotBeSaved.armed:
            return _Failing(found)
        return found


class _Failing:
    def __init__(self, prompts: Any) -> None:
        self._prompts = prompts

    def save(self, prompt: object) -> None:
        raise ConnectionError("the database went away")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._prompts, name)


def answer_while_prompts_fail(unit_of_work: Any, clock: FixedClock) -> str:
    out = io.StringIO()
    platform = ConsolePlatform(out)
    chat = chats(lambda: PromptsCannotBeSaved(unit_of_work()), clock)(platform)
    session = ConsoleSession(chat, platform, out, tenant="local")
    session.run(["/as mia", "/checkin mia"])
    PromptsCannotBeSaved.armed = True
    try:
        start = out.tell()
        session.run(["KR1 47k, KR2 3, on vacation until Dec 24"])
    finally:
        PromptsCannotBeSaved.armed = False
    return out.getvalue()[start:]


def written(uow: UnitOfWork) -> tuple[float, float, int, PromptStatus | None, object]:
    with uow:
        prompt = uow.prompts.latest_for("local", "mia")
        check_ins = len(uow.check_ins.of_key_result("local", "kr-e1"))
        leave = uow.leaves.until("local", "mia")
    return (
        stored_key_result(uow, "kr-e1").current,
        stored_key_result(uow, "kr-e2").current,
        check_ins,
        prompt.status if prompt else None,
        leave,
    )


def test_an_answer_that_fails_after_its_values_are_written_keeps_nothing_on_the_fakes(
    uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    said = answer_while_prompts_fail(lambda: uow, clock)
    assert (written(uow), "nothing was changed" in said) == (
        (45_000, 2, 0, PromptStatus.OPEN, None),
        True,
    )


def test_an_answer_that_fails_after_its_values_are_written_keeps_nothing_in_the_database(
    engine: Engine, clock: FixedClock
) -> None:
    sessions = session_factory(engine)
    import_table(
        SqlUnitOfWork(sessions),
        clock,
        tenant="local",
        data=example_table(),
        platforms=TABLE_COLUMNS,
    )
    said = answer_while_prompts_fail(lambda: SqlUnitOfWork(sessions), clock)
    assert (written(SqlUnitOfWork(sessions)), "nothing was changed" in said) == (
        (45_000, 2, 0, PromptStatus.OPEN, None),
        True,
    )
