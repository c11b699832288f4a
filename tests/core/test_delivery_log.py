"""Who may see a person's delivery log (themselves, their managers, the leads of their teams,
supervisors and admins), and how the log reads in English and Chinese. Over the example table:
ceo ← mia ← raj, ceo ← wang ← chen, li; chen leads the platform team (chen, li); hana is a
supervisor; ceo is an admin."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.cadences.delivery_log import (
    BY_PERSON,
    DeliveryLog,
    LogEntry,
    LogStatus,
    log_lines,
    require_log_access,
)
from bot.dialect import PLAIN
from bot.errors import OkrError
from bot.model import Locale, Person, Role, zone
from bot.texts import Texts
from tests.fakes import FakeUnitOfWork


def person(uow: FakeUnitOfWork, person_id: str) -> Person:
    with uow:
        found = uow.people.get("local", person_id)
    assert found is not None
    return found


def may_see(uow: FakeUnitOfWork, viewer: str, shown: str) -> bool:
    try:
        require_log_access(uow, person(uow, viewer), person(uow, shown))
    except OkrError as refused:
        assert refused.code == "not_allowed_to_see_log"
        return False
    return True


SHANGHAI = zone("Asia/Shanghai")


def chens_log(uow: FakeUnitOfWork) -> DeliveryLog:
    monday = datetime(2026, 11, 2, 2, 0, tzinfo=UTC).astimezone(SHANGHAI)
    tuesday = datetime(2026, 11, 3, 2, 0, tzinfo=UTC).astimezone(SHANGHAI)
    return DeliveryLog(
        person(uow, "chen"),
        date(2026, 11, 1),
        (
            LogEntry("weekly-checkin", monday, LogStatus.ANSWERED),
            LogEntry("checkin-reminder", tuesday, LogStatus.SKIPPED, BY_PERSON),
            LogEntry("daily-standup", tuesday, LogStatus.FAILED, "the user left"),
        ),
    )


def test_anyone_may_see_their_own_log(uow: FakeUnitOfWork) -> None:
    assert may_see(uow, "raj", "raj")


def test_a_manager_may_see_a_reports_log(uow: FakeUnitOfWork) -> None:
    assert may_see(uow, "mia", "raj")


def test_a_manager_further_up_may_see_it_too(uow: FakeUnitOfWork) -> None:
    assert may_see(uow, "ceo", "li")


def test_the_lead_of_a_persons_team_may_see_their_log(uow: FakeUnitOfWork) -> None:
    assert may_see(uow, "chen", "li")


def test_a_supervisor_may_see_anyones_log(uow: FakeUnitOfWork) -> None:
    assert may_see(uow, "hana", "chen")


def test_an_admin_may_see_anyones_log(uow: FakeUnitOfWork) -> None:
    with uow:
        uow.people.save(Person("local", "ops", "Ops", roles=frozenset({Role.ADMIN})))
        uow.commit()
    assert may_see(uow, "ops", "mia")


def test_a_colleague_may_not_see_someones_log(uow: FakeUnitOfWork) -> None:
    assert not may_see(uow, "li", "chen")


def test_a_report_may_not_see_their_managers_log(uow: FakeUnitOfWork) -> None:
    assert not may_see(uow, "raj", "mia")


def test_the_refusal_names_both_people() -> None:
    refused = OkrError("not_allowed_to_see_log", actor="Raj Patel", person="Mia Torres")
    assert str(refused).startswith("Raj Patel may not see the delivery log of Mia Torres")


def test_the_log_reads_as_english_lines(uow: FakeUnitOfWork) -> None:
    assert log_lines(Texts(PLAIN), Locale.EN, chens_log(uow)) == [
        "Delivery log of 陈伟 since 2026-11-01 (times in Asia/Shanghai): "
        "1 answered, 1 skipped, 1 failed.",
        "• Mon 2 Nov 10:00 · weekly check-in · answered",
        "• Tue 3 Nov 10:00 · check-in reminder · skipped (by them)",
        "• Tue 3 Nov 10:00 · standup · failed (the user left)",
    ]


def test_the_log_reads_as_chinese_lines(uow: FakeUnitOfWork) -> None:
    assert log_lines(Texts(PLAIN), Locale.ZH, chens_log(uow)) == [
        "陈伟 自 2026-11-01 起的发送记录(时间为 Asia/Shanghai):"
        "已回复 1 条,已跳过 1 条,发送失败 1 条。",
        "• 11月2日 周一 10:00 · 每周打卡 · 已回复",
        "• 11月3日 周二 10:00 · 打卡提醒 · 已跳过(本人跳过)",
        "• 11月3日 周二 10:00 · 晨会 · 发送失败(the user left)",
    ]


def test_a_long_log_shows_the_latest_entries_and_counts_the_rest(uow: FakeUnitOfWork) -> None:
    lines = log_lines(Texts(PLAIN), Locale.EN, chens_log(uow), limit=1)
    assert lines[1:] == [
        "(2 earlier not shown)",
        "• Tue 3 Nov 10:00 · standup · failed (the user left)",
    ]


def test_an_empty_log_says_nothing_was_sent(uow: FakeUnitOfWork) -> None:
    empty = DeliveryLog(person(uow, "mia"), date(2026, 11, 1), ())
    assert log_lines(Texts(PLAIN), Locale.EN, empty) == [
        "Nothing was sent to Mia Torres since 2026-11-01."
    ]


@pytest.mark.parametrize("locale", list(Locale))
def test_every_reason_the_runner_logs_has_words(uow: FakeUnitOfWork, locale: Locale) -> None:
    reasons = (
        "on_leave",
        "nothing_to_ask",
        "nudged_enough",
        "no_answers",
        "answered_ahead",
        "nothing_to_report",
        "checked_in_already",
        BY_PERSON,
    )
    say = Texts(PLAIN).voice(locale, "cadences_chat")
    assert [say("log_reason", reason=r) != r for r in reasons] == [True] * len(reasons)
