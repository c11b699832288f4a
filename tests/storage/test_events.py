"""The log of handled platform events, on the fake and on both databases."""

from __future__ import annotations

from datetime import timedelta

from bot.ports import UnitOfWork
from tests.storage.contract import over_fake_and_databases
from tests.storage.samples import MONDAY

pytestmark = over_fake_and_databases


def test_an_event_is_handled_the_first_time_only(uow: UnitOfWork) -> None:
    with uow:
        first = uow.events.first_time("acme", "slack", "Ev01", MONDAY)
        again = uow.events.first_time("acme", "slack", "Ev01", MONDAY + timedelta(seconds=3))
        uow.commit()
    with uow:
        after_commit = uow.events.first_time("acme", "slack", "Ev01", MONDAY)
        other_platform = uow.events.first_time("acme", "feishu", "Ev01", MONDAY)
        other_tenant = uow.events.first_time("globex", "slack", "Ev01", MONDAY)

    assert [first, again, after_commit, other_platform, other_tenant] == [
        True,
        False,
        False,
        True,
        True,
    ]


def test_an_event_recorded_without_commit_is_new_again(uow: UnitOfWork) -> None:
    with uow:
        uow.events.first_time("acme", "slack", "Ev01", MONDAY)

    with uow:
        assert uow.events.first_time("acme", "slack", "Ev01", MONDAY)
