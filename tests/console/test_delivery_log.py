"""`/okr log [@person]` on the console: a person's delivery log in the reader's language, for
themselves, their managers, the leads of their teams, supervisors and admins."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from adapters.console.platform import ConsolePlatform
from adapters.console.session import ConsoleSession
from bot.cadences.registry import WEEKLY_CHECKIN
from bot.check_ins import checkin_prompt_id
from bot.model import CheckInPrompt, Delivery, DeliveryStatus, PromptStatus
from tests.fakes import FakeClaims, FakeUnitOfWork, FixedClock, chats

MIAS_CHECK_IN = datetime(2026, 10, 26, 17, 0, tzinfo=UTC)  # Monday 10:00 in Los Angeles
CHENS_CHECK_IN = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)  # Monday 10:00 in Shanghai


class LoggedConsole:
    """A console session on a bot that keeps a delivery log, with a few deliveries in it."""

    def __init__(self, uow: FakeUnitOfWork, clock: FixedClock) -> None:
        self.uow, self.claims = uow, FakeClaims(uow)
        self.out = io.StringIO()
        platform = ConsolePlatform(self.out)
        chat = chats(lambda: uow, clock)(platform)
        self.session = ConsoleSession(chat, platform, self.out, tenant="local")

    def delivered(self, person: str, team: str, at: datetime, *, answered: bool = False) -> None:
        """A weekly check-in sent to the person, answered or not."""
        self.claims.record(
            Delivery(
                "local",
                WEEKLY_CHECKIN.name,
                person,
                at,
                DeliveryStatus.SENT,
                team,
                person=person,
            )
        )
        status = PromptStatus.ANSWERED if answered else PromptStatus.OPEN
        with self.uow:
            self.uow.prompts.save(
                CheckInPrompt(
                    "local", checkin_prompt_id(person, at), person, [], at, "console", status=status
                )
            )
            self.uow.commit()

    def run(self, script: str) -> str:
        start = self.out.tell()
        self.session.run(script.strip().splitlines())
        return self.out.getvalue()[start:]


@pytest.fixture
def console(uow: FakeUnitOfWork, clock: FixedClock) -> LoggedConsole:
    logged = LoggedConsole(uow, clock)
    logged.delivered("mia", "marketing", MIAS_CHECK_IN, answered=True)
    logged.delivered("raj", "marketing", MIAS_CHECK_IN)
    logged.delivered("chen", "platform", CHENS_CHECK_IN, answered=True)
    return logged


def test_okr_log_shows_my_own_deliveries(console: LoggedConsole) -> None:
    shown = console.run("/as mia\n/okr log")
    assert "• Mon 26 Oct 10:00 · weekly check-in · answered" in shown


def test_a_manager_sees_a_reports_log(console: LoggedConsole) -> None:
    shown = console.run("/as mia\n/okr log @raj")
    assert ("Delivery log of Raj Patel" in shown, "weekly check-in · sent" in shown) == (True, True)


def test_someone_outside_the_persons_line_is_refused_kindly(console: LoggedConsole) -> None:
    shown = console.run("/as raj\n/okr log @mia")
    assert "You may not see the delivery log of Mia Torres" in shown


def test_a_chinese_speaker_gets_their_log_in_chinese(console: LoggedConsole) -> None:
    shown = console.run("/as chen\n/okr 日志")
    assert "• 11月2日 周一 10:00 · 每周打卡 · 已回复" in shown


def test_the_chinese_refusal_is_in_chinese(console: LoggedConsole) -> None:
    shown = console.run("/as li\n/okr 记录 @chen")
    assert "你不能查看陈伟的发送记录" in shown


def test_an_unknown_person_is_answered_kindly(console: LoggedConsole) -> None:
    shown = console.run("/as mia\n/okr log Zebulon Quux")
    assert 'I can\'t find anyone called "Zebulon Quux".' in shown


def test_the_help_lists_the_log(console: LoggedConsole) -> None:
    shown = console.run("/as mia\n/okr help")
    assert "/okr log [@someone]" in shown
