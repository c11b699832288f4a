"""`okrbot console` as the application wires it (`okrbot.console`): the console adapter on the
bot's own parts, its delivery log included."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from okrbot.console import run_console
from tests.fakes import FakeClaims, FakeUnitOfWork, FixedClock, fake_okrbot
from tests.workspace import check_in_sent

MIAS_CHECK_IN = datetime(2026, 10, 26, 17, 0, tzinfo=UTC)  # Monday 10:00 in Los Angeles


def test_okr_log_on_the_console_shows_the_delivery_log_of_the_bot(
    uow: FakeUnitOfWork, clock: FixedClock, claims: FakeClaims
) -> None:
    check_in_sent(claims, "mia", "marketing", MIAS_CHECK_IN)
    bot = fake_okrbot(uow, clock)
    out = io.StringIO()
    run_console(bot, ["/as mia", "/okr log"], out)
    assert "• Mon 26 Oct 10:00 · weekly check-in · sent" in out.getvalue()
