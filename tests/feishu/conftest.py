"""The Feishu adapter end to end: the real lark-oapi client talking to a stand-in of the open
platform on loopback, and the events endpoint served by a threaded WSGI server on loopback
receiving encrypted, signed events."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from adapters.feishu.app import EVENTS_PATH, FeishuApp, FeishuConfig, build_feishu
from bot.model import KeyResult
from bot.ports import UnitOfWork
from tests.fakes import FakeUnitOfWork, FixedClock, chats
from tests.feishu.standin import FeishuStandIn, Sent
from tests.feishu.wire import FeishuWire
from tests.serving import Server

ENCRYPT_KEY = "encrypt-key-for-tests"
TOKEN = "verification-token-for-tests"
_apps = itertools.count(1)


class Feishu:
    """One Feishu app of ours, served on loopback, and Feishu's side of it."""

    def __init__(
        self,
        standin: FeishuStandIn,
        unit_of_work: Callable[[], UnitOfWork],
        clock: FixedClock,
        *,
        multi_tenant: bool = False,
    ) -> None:
        # lark-oapi caches tokens process-wide by app id: each test gets its own app.
        self.app_id = f"cli_test_{next(_apps)}"
        standin.apps[self.app_id] = "secret"
        self.standin, self.clock = standin, clock
        self.unit_of_work = unit_of_work
        self.waits: list[float] = []
        self.app: FeishuApp = build_feishu(
            FeishuConfig(
                app_id=self.app_id,
                app_secret="secret",
                verification_token=TOKEN,
                encrypt_key=ENCRYPT_KEY,
                domain=standin.url,
                multi_tenant=multi_tenant,
            ),
            chat_for=chats(unit_of_work, clock),
            clock=clock,
            sleep=self.waits.append,
        )
        self._server = Server({EVENTS_PATH: self.app.events})
        self.base_url = self._server.url
        self.wire = FeishuWire(
            self.base_url + EVENTS_PATH,
            encrypt_key=ENCRYPT_KEY,
            token=TOKEN,
            app_id=self.app_id,
            clock=clock,
        )

    def settle(self) -> None:
        """Wait until the bot has done what the events so far asked of it."""
        assert self.app.background.wait_idle(timeout=10)

    def event(self, event_type: str, event: dict[str, Any], **options: Any) -> Any:
        answer = self.wire.event(event_type, event, **options)
        self.settle()
        return answer

    def key_result(self, kr_id: str, tenant: str = "local") -> KeyResult:
        uow = self.unit_of_work()
        with uow:
            holder = uow.objectives.with_key_result(tenant, kr_id)
        assert holder is not None
        found = holder.key_result(kr_id)
        assert found is not None
        return found

    def values(self, *kr_ids: str, tenant: str = "local") -> list[float]:
        return [self.key_result(kr_id, tenant).current for kr_id in kr_ids]

    def sent_to(self, receive_id: str) -> list[Sent]:
        return self.standin.sent_to(receive_id)

    def close(self) -> None:
        self._server.stop()
        self.app.background.shutdown()


@pytest.fixture
def standin() -> Iterator[FeishuStandIn]:
    server = FeishuStandIn().start()
    yield server
    server.stop()


@pytest.fixture
def feishu(standin: FeishuStandIn, uow: FakeUnitOfWork, clock: FixedClock) -> Iterator[Feishu]:
    app = Feishu(standin, lambda: uow, clock)
    yield app
    app.close()
