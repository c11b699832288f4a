"""The unit of work's transaction, on the fake and on both databases: only what is committed
stays, and what comes out is a copy."""

from __future__ import annotations

import pytest

from bot.model import Person
from bot.ports import UnitOfWork
from tests.storage.contract import over_fake_and_databases

pytestmark = over_fake_and_databases

MIA = Person("acme", "mia", "Mia Torres", platform_ids={"slack": "U0MIA"})
RAJ = Person("acme", "raj", "Raj Patel")


def stored_people(uow: UnitOfWork) -> list[Person]:
    with uow:
        return list(uow.people.list("acme"))


def test_leaving_without_commit_keeps_nothing(uow: UnitOfWork) -> None:
    with uow:
        uow.people.save(MIA)

    assert stored_people(uow) == []


def test_committed_changes_are_kept(uow: UnitOfWork) -> None:
    with uow:
        uow.people.save(MIA)
        uow.commit()

    assert stored_people(uow) == [MIA]


def test_changes_after_the_commit_are_rolled_back_on_leaving(uow: UnitOfWork) -> None:
    with uow:
        uow.people.save(MIA)
        uow.commit()
        uow.people.save(RAJ)

    assert stored_people(uow) == [MIA]


def test_rollback_discards_what_was_not_committed(uow: UnitOfWork) -> None:
    with uow:
        uow.people.save(MIA)
        uow.rollback()
        uow.people.save(RAJ)
        uow.commit()

    assert stored_people(uow) == [RAJ]


def test_an_error_in_the_block_keeps_nothing(uow: UnitOfWork) -> None:
    with pytest.raises(RuntimeError), uow:
        uow.people.save(MIA)
        raise RuntimeError("the use case failed")

    assert stored_people(uow) == []


def test_changing_what_was_read_changes_nothing_stored(uow: UnitOfWork) -> None:
    with uow:
        uow.people.save(MIA)
        uow.commit()
    with uow:
        found = uow.people.get("acme", "mia")
        assert found is not None
        found.name = "Someone else"
        found.platform_ids["slack"] = "U0OTHER"
        uow.commit()

    assert stored_people(uow) == [MIA]


def test_changing_what_was_saved_changes_nothing_stored(uow: UnitOfWork) -> None:
    person = Person("acme", "mia", "Mia Torres", platform_ids={"slack": "U0MIA"})
    with uow:
        uow.people.save(person)
        person.name = "Someone else"
        person.platform_ids["slack"] = "U0OTHER"
        uow.commit()

    assert stored_people(uow) == [MIA]
