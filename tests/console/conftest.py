"""The conversation, driven through the console adapter over the in-memory fakes."""

from __future__ import annotations

import io

import pytest

from adapters.console.platform import ConsolePlatform
from adapters.console.session import ConsoleSession
from bot.model import KeyResult, Objective, Owner, PromptStatus
from tests.fakes import FakeUnitOfWork, FixedClock, chats
from tests.workspace import stored_key_result


class Console:
    """A console session whose output a test can read, one script at a time."""

    def __init__(self, uow: FakeUnitOfWork, clock: FixedClock) -> None:
        self.uow = uow
        self.out = io.StringIO()
        self.platform = ConsolePlatform(self.out)
        chat = chats(lambda: uow, clock)(self.platform)
        self.session = ConsoleSession(chat, self.platform, self.out, tenant="local")

    def run(self, script: str) -> str:
        """Type the script's lines; what the bot printed in answer."""
        start = self.out.tell()
        self.session.run(script.strip().splitlines())
        return self.out.getvalue()[start:]

    def key_result(self, kr_id: str) -> KeyResult:
        return stored_key_result(self.uow, kr_id)

    def values(self, *kr_ids: str) -> list[float]:
        return [self.key_result(kr_id).current for kr_id in kr_ids]

    def objective(self, objective_id: str) -> Objective:
        with self.uow:
            found = self.uow.objectives.get("local", objective_id)
        assert found is not None, objective_id
        return found

    def objective_ids(self, owner: str, period: str = "2026-Q4") -> list[str]:
        with self.uow:
            return [o.id for o in self.uow.objectives.of_owner("local", Owner(owner), period)]

    def clear_focus(self, person: str) -> None:
        """As if the person had not been shown an objective on its own yet."""
        self.uow._committed.focus.pop(("local", person), None)

    def prompt_status(self, person: str) -> PromptStatus | None:
        with self.uow:
            prompt = self.uow.prompts.latest_for("local", person)
        return prompt.status if prompt else None


@pytest.fixture
def console(uow: FakeUnitOfWork, clock: FixedClock) -> Console:
    return Console(uow, clock)
