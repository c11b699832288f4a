"""The organisation and its OKRs, on the fake and on both databases: what was saved comes back
equal, in the documented order, and only in its own tenant."""

from __future__ import annotations

from datetime import date

from bot.model import KeyResult, Owner, Period, Person, Role, Team, Tenant
from bot.ports import UnitOfWork
from tests.storage.contract import over_fake_and_databases
from tests.storage.samples import brand_objective, marketing, mia, pricing_kr, users_kr

pytestmark = over_fake_and_databases


# Tenants and periods


def test_tenant_round_trips(uow: UnitOfWork) -> None:
    acme = Tenant("acme", default_period="2026-Q4", timezone="Asia/Shanghai")
    with uow:
        uow.tenants.save(acme)
        uow.commit()

    with uow:
        assert uow.tenants.get("acme") == acme
        assert uow.tenants.get("globex") is None


def test_period_round_trips(uow: UnitOfWork) -> None:
    launch = Period.custom("launch", date(2026, 10, 15), date(2027, 1, 31))
    with uow:
        uow.periods.save("acme", launch)
        uow.commit()

    with uow:
        assert uow.periods.get("acme", "launch") == launch
        assert uow.periods.get("acme", "2026-Q4") is None


def test_periods_are_listed_by_start_then_name(uow: UnitOfWork) -> None:
    year, q4, q1 = Period.named("2026"), Period.named("2026-Q4"), Period.named("2026-Q1")
    with uow:
        for period in (q4, year, q1):
            uow.periods.save("acme", period)
        uow.commit()

    with uow:
        assert uow.periods.list("acme") == [year, q1, q4]


# People


def test_person_round_trips(uow: UnitOfWork) -> None:
    with uow:
        uow.people.save(mia())
        uow.commit()

    with uow:
        assert uow.people.get("acme", "mia") == mia()
        assert uow.people.get("acme", "raj") is None


def test_person_is_found_by_platform_id(uow: UnitOfWork) -> None:
    with uow:
        uow.people.save(mia())
        uow.people.save(Person("acme", "raj", "Raj", platform_ids={"slack": "U0RAJ"}))
        uow.commit()

    with uow:
        assert uow.people.by_platform_id("acme", "feishu", "ou_mia") == mia()
        assert uow.people.by_platform_id("acme", "feishu", "U0MIA") is None
        assert uow.people.by_platform_id("acme", "slack", "U0NOBODY") is None


def test_saving_a_person_again_replaces_platform_ids_and_roles(uow: UnitOfWork) -> None:
    moved = mia()
    moved.platform_ids = {"slack": "U0MIA2"}
    moved.roles = frozenset({Role.SUPERVISOR})
    with uow:
        uow.people.save(mia())
        uow.commit()
    with uow:
        uow.people.save(moved)
        uow.commit()

    with uow:
        assert uow.people.get("acme", "mia") == moved
        assert uow.people.by_platform_id("acme", "slack", "U0MIA2") == moved
        assert uow.people.by_platform_id("acme", "feishu", "ou_mia") is None


def test_people_are_listed_by_id(uow: UnitOfWork) -> None:
    raj, ceo = Person("acme", "raj", "Raj"), Person("acme", "ceo", "Ceo")
    with uow:
        for person in (raj, mia(), ceo):
            uow.people.save(person)
        uow.commit()

    with uow:
        assert uow.people.list("acme") == [ceo, mia(), raj]


# Teams


def test_team_round_trips_with_members_in_order(uow: UnitOfWork) -> None:
    with uow:
        uow.teams.save(marketing())
        uow.commit()

    with uow:
        assert uow.teams.get("acme", "marketing") == marketing()
        assert uow.teams.get("acme", "sales") is None


def test_saving_a_team_again_replaces_members_and_channels(uow: UnitOfWork) -> None:
    changed = marketing(members=["li", "chen", "raj"])
    changed.channels = {"feishu": "oc_mkt2"}
    with uow:
        uow.teams.save(marketing())
        uow.commit()
    with uow:
        uow.teams.save(changed)
        uow.commit()

    with uow:
        assert uow.teams.get("acme", "marketing") == changed


def test_teams_of_a_member_are_those_listing_them_by_id(uow: UnitOfWork) -> None:
    sales = Team("acme", "sales", "Sales", members=["chen", "mia"])
    design = Team("acme", "design", "Design", members=["li"])
    with uow:
        for team in (sales, design, marketing()):
            uow.teams.save(team)
        uow.commit()

    with uow:
        assert uow.teams.of_member("acme", "mia") == [marketing(), sales]
        assert uow.teams.list("acme") == [design, marketing(), sales]


# Objectives and key results


def test_objective_round_trips_with_its_key_results(uow: UnitOfWork) -> None:
    with uow:
        uow.objectives.save(brand_objective())
        uow.commit()

    with uow:
        assert uow.objectives.get("acme", "o-brand") == brand_objective()
        assert uow.objectives.get("acme", "o-other") is None


def test_saving_an_objective_again_replaces_its_key_results_in_order(uow: UnitOfWork) -> None:
    revised_users = users_kr()
    revised_users.current = 52_000
    revised = brand_objective(
        key_results=[pricing_kr(), KeyResult("kr-nps", "NPS 40"), revised_users]
    )
    revised.title = "Be the brand engineers recommend"
    with uow:
        uow.objectives.save(brand_objective(key_results=[users_kr(), KeyResult("kr-old", "Old")]))
        uow.commit()
    with uow:
        uow.objectives.save(revised)
        uow.commit()

    with uow:
        assert uow.objectives.get("acme", "o-brand") == revised
        assert uow.objectives.with_key_result("acme", "kr-old") is None


def test_objective_is_found_by_any_of_its_key_results(uow: UnitOfWork) -> None:
    other = brand_objective(objective_id="o-other", key_results=[KeyResult("kr-nps", "NPS 40")])
    with uow:
        uow.objectives.save(brand_objective())
        uow.objectives.save(other)
        uow.commit()

    with uow:
        assert uow.objectives.with_key_result("acme", "kr-pricing") == brand_objective()
        assert uow.objectives.with_key_result("acme", "kr-nps") == other
        assert uow.objectives.with_key_result("acme", "kr-missing") is None


def test_of_owner_keeps_the_owners_objectives_in_the_period(uow: UnitOfWork) -> None:
    first = brand_objective(objective_id="o-2", key_results=[users_kr("kr-a")])
    second = brand_objective(objective_id="o-1", key_results=[])
    team_of_same_name = brand_objective(
        objective_id="o-3", owner=Owner("mia", is_team=True), key_results=[users_kr("kr-b")]
    )
    last_quarter = brand_objective(objective_id="o-4", period="2026-Q3", key_results=[])
    someone_else = brand_objective(objective_id="o-5", owner=Owner("raj"), key_results=[])
    with uow:
        for objective in (first, second, team_of_same_name, last_quarter, someone_else):
            uow.objectives.save(objective)
        uow.commit()

    with uow:
        assert uow.objectives.of_owner("acme", Owner("mia"), "2026-Q4") == [second, first]
        assert uow.objectives.of_owner("acme", Owner("mia", is_team=True), "2026-Q4") == [
            team_of_same_name
        ]
        assert uow.objectives.count_of_owner("acme", Owner("mia"), "2026-Q4") == 2
        assert uow.objectives.count_of_owner("acme", Owner("nobody"), "2026-Q4") == 0


def test_in_period_lists_the_periods_objectives_by_id(uow: UnitOfWork) -> None:
    mine = brand_objective(objective_id="o-b", key_results=[users_kr("kr-a")])
    theirs = brand_objective(objective_id="o-a", owner=Owner("raj"), key_results=[pricing_kr()])
    earlier = brand_objective(objective_id="o-c", period="2026-Q3", key_results=[])
    with uow:
        for objective in (mine, theirs, earlier):
            uow.objectives.save(objective)
        uow.commit()

    with uow:
        assert uow.objectives.in_period("acme", "2026-Q4") == [theirs, mine]


# Tenant isolation: the same ids in two tenants never mix


def test_people_and_teams_of_two_tenants_never_mix(uow: UnitOfWork) -> None:
    with uow:
        uow.people.save(mia("acme", "Mia of Acme"))
        uow.people.save(mia("globex", "Mia of Globex"))
        uow.teams.save(marketing("acme", members=["mia"]))
        uow.teams.save(marketing("globex", members=["raj"]))
        uow.commit()

    with uow:
        assert uow.people.get("globex", "mia") == mia("globex", "Mia of Globex")
        assert uow.people.by_platform_id("acme", "slack", "U0MIA") == mia("acme", "Mia of Acme")
        assert uow.people.list("globex") == [mia("globex", "Mia of Globex")]
        assert uow.teams.of_member("globex", "mia") == []
        assert uow.teams.list("acme") == [marketing("acme", members=["mia"])]


def test_objectives_of_two_tenants_never_mix(uow: UnitOfWork) -> None:
    acme = brand_objective("acme", key_results=[users_kr()])
    globex = brand_objective("globex", key_results=[pricing_kr(), users_kr()])
    with uow:
        uow.objectives.save(acme)
        uow.objectives.save(globex)
        uow.commit()

    with uow:
        assert uow.objectives.get("acme", "o-brand") == acme
        assert uow.objectives.with_key_result("globex", "kr-users") == globex
        assert uow.objectives.with_key_result("acme", "kr-pricing") is None
        assert uow.objectives.of_owner("globex", Owner("mia"), "2026-Q4") == [globex]
        assert uow.objectives.in_period("acme", "2026-Q4") == [acme]
