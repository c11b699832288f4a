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


def test_events_handled_before_a_moment_are_forgotten(uow: UnitOfWork) -> None:
    with uow:
        uow.events.first_time("acme", "slack", "Ev-old", MONDAY - timedelta(days=8))
        uow.events.first_time("acme", "slack", "Ev-new", MONDAY)
        uow.commit()
    with uow:
        forgotten = uow.events.forget_before("acme", "slack", MONDAY - timedelta(days=7))
        uow.commit()
    with uow:
        new_again = [
            uow.events.first_time("acme", "slack", event, MONDAY) for event in ("Ev-old", "Ev-new")
        ]

    assert (forgotten, new_again) == (1, [True, False])


def test_forgetting_events_leaves_other_tenants_and_platforms_alone(uow: UnitOfWork) -> None:
    long_ago = MONDAY - timedelta(days=30)
    with uow:
        for tenant, platform in (("acme", "feishu"), ("globex", "slack")):
            uow.events.first_time(tenant, platform, "Ev01", long_ago)
        uow.commit()
    with uow:
        forgotten = uow.events.forget_before("acme", "slack", MONDAY)
        uow.commit()
    with uow:
        still_known = [
            uow.events.first_time(tenant, platform, "Ev01", MONDAY)
            for tenant, platform in (("acme", "feishu"), ("globex", "slack"))
        ]

    assert (forgotten, still_known) == (0, [False, False])


def test_forgetting_rolls_back_unless_committed(uow: UnitOfWork) -> None:
    with uow:
        uow.events.first_time("acme", "slack", "Ev01", MONDAY - timedelta(days=30))
        uow.commit()
    with uow:
        uow.events.forget_before("acme", "slack", MONDAY)
    with uow:
        assert not uow.events.first_time("acme", "slack", "Ev01", MONDAY)
