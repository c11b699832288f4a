"""What happens around key results, on the fake and on both databases: check-ins, prompts,
change requests, tasks, dependencies and the audit log come back equal and in order."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.model import ChangeStatus, Dependency, Owner, PromptStatus, Task
from bot.ports import UnitOfWork
from tests.storage.contract import over_fake_and_databases
from tests.storage.samples import (
    MONDAY,
    audit_entry,
    brand_objective,
    change_request,
    check_in,
    pricing_kr,
    prompt,
)

pytestmark = over_fake_and_databases


def test_check_ins_come_back_oldest_first_with_ids_assigned(uow: UnitOfWork) -> None:
    later, earlier = check_in(MONDAY + timedelta(days=7), 52_000), check_in(MONDAY, 47_000)
    with uow:
        uow.check_ins.add(later)
        uow.check_ins.add(earlier)
        uow.commit()

    assert later.id is not None and earlier.id is not None and later.id != earlier.id
    with uow:
        assert uow.check_ins.of_key_result("acme", "kr-users") == [earlier, later]
        assert uow.check_ins.of_key_result("acme", "kr-pricing") == []


def test_check_ins_at_the_same_time_come_back_in_the_order_added(uow: UnitOfWork) -> None:
    first, second = check_in(MONDAY, 47_000), check_in(MONDAY, 48_000)
    with uow:
        uow.check_ins.add(first)
        uow.check_ins.add(second)
        uow.commit()

    with uow:
        assert uow.check_ins.of_key_result("acme", "kr-users") == [first, second]


def test_check_in_is_found_by_its_id(uow: UnitOfWork) -> None:
    wanted, other = check_in(MONDAY, 47_000), check_in(MONDAY, 48_000)
    with uow:
        uow.check_ins.add(wanted)
        uow.check_ins.add(other)
        uow.commit()

    assert wanted.id is not None
    with uow:
        assert uow.check_ins.get("acme", wanted.id) == wanted
        assert uow.check_ins.get("globex", wanted.id) is None


def test_check_ins_marked_undone_stay_listed_as_undone(uow: UnitOfWork) -> None:
    kept, undone, also_undone = (check_in(MONDAY, value) for value in (1, 2, 3))
    with uow:
        for added in (kept, undone, also_undone):
            uow.check_ins.add(added)
        uow.commit()
    assert undone.id is not None and also_undone.id is not None
    with uow:
        uow.check_ins.mark_undone("acme", [undone.id, also_undone.id])
        uow.commit()

    undone.undone = also_undone.undone = True
    with uow:
        assert uow.check_ins.of_key_result("acme", "kr-users") == [kept, undone, also_undone]


def test_prompt_round_trips_with_its_key_results_in_order(uow: UnitOfWork) -> None:
    answered = prompt("p-1", MONDAY)
    answered.status = PromptStatus.ANSWERED
    answered.answered_at = MONDAY + timedelta(hours=2)
    answered.check_in_ids = [12, 7]
    with uow:
        uow.prompts.save(prompt("p-1", MONDAY))
        uow.commit()
    with uow:
        uow.prompts.save(answered)
        uow.commit()

    with uow:
        assert uow.prompts.get("acme", "p-1") == answered
        assert uow.prompts.get("acme", "p-2") is None


def test_latest_prompt_for_a_person_is_the_last_one_sent(uow: UnitOfWork) -> None:
    last_week, this_week = prompt("p-9", MONDAY - timedelta(days=7)), prompt("p-1", MONDAY)
    to_raj = prompt("p-5", MONDAY + timedelta(days=1))
    to_raj.person = "raj"
    with uow:
        for sent in (this_week, last_week, to_raj):
            uow.prompts.save(sent)
        uow.commit()

    with uow:
        assert uow.prompts.latest_for("acme", "mia") == this_week
        assert uow.prompts.latest_for("acme", "li") is None


def test_prompts_are_found_by_their_ids_together(uow: UnitOfWork) -> None:
    first, second = prompt("p-1", MONDAY), prompt("p-2", MONDAY + timedelta(days=7))
    with uow:
        for sent in (first, second, prompt("p-3", MONDAY)):
            uow.prompts.save(sent)
        uow.commit()

    with uow:
        assert uow.prompts.get_many("acme", ["p-2", "p-1", "p-9"]) == {"p-1": first, "p-2": second}


def test_latest_prompt_of_each_person_is_the_last_one_sent_to_them(uow: UnitOfWork) -> None:
    last_week, this_week = prompt("p-9", MONDAY - timedelta(days=7)), prompt("p-1", MONDAY)
    to_raj, to_chen = prompt("p-5", MONDAY + timedelta(days=1)), prompt("p-6", MONDAY)
    to_raj.person, to_chen.person = "raj", "chen"
    with uow:
        for sent in (this_week, last_week, to_raj, to_chen):
            uow.prompts.save(sent)
        uow.commit()

    with uow:
        assert uow.prompts.latest_for_many("acme", ["mia", "raj"]) == {
            "mia": this_week,
            "raj": to_raj,
        }


def test_people_never_sent_a_check_in_have_no_latest_prompt(uow: UnitOfWork) -> None:
    with uow:
        uow.prompts.save(prompt("p-1", MONDAY))
        uow.commit()

    with uow:
        assert uow.prompts.latest_for_many("acme", ["li", "raj"]) == {}


def test_of_prompts_sent_at_the_same_time_the_latest_has_the_greater_id(uow: UnitOfWork) -> None:
    earlier_id, later_id = prompt("p-1", MONDAY), prompt("p-2", MONDAY)
    with uow:
        for sent in (later_id, earlier_id):
            uow.prompts.save(sent)
        uow.commit()

    with uow:
        assert (
            uow.prompts.latest_for("acme", "mia"),
            uow.prompts.latest_for_many("acme", ["mia"]),
        ) == (later_id, {"mia": later_id})


def test_change_requests_of_an_objective_come_back_by_creation(uow: UnitOfWork) -> None:
    newer = change_request("cr-1", MONDAY + timedelta(hours=1))
    older = change_request("cr-2", MONDAY)
    elsewhere = change_request("cr-3", MONDAY)
    elsewhere.objective_id = "o-other"
    with uow:
        for request in (newer, older, elsewhere):
            uow.change_requests.save(request)
        uow.commit()

    with uow:
        assert uow.change_requests.get("acme", "cr-1") == newer
        assert uow.change_requests.of_objective("acme", "o-brand") == [older, newer]


def test_saving_a_change_request_again_records_the_decision(uow: UnitOfWork) -> None:
    decided = change_request("cr-1", MONDAY)
    decided.status = ChangeStatus.APPROVED
    decided.decided_by = "ceo"
    decided.decided_at = MONDAY + timedelta(days=1)
    with uow:
        uow.change_requests.save(change_request("cr-1", MONDAY))
        uow.commit()
    with uow:
        uow.change_requests.save(decided)
        uow.commit()

    with uow:
        assert uow.change_requests.get("acme", "cr-1") == decided


def test_tasks_of_a_key_result_come_back_by_id(uow: UnitOfWork) -> None:
    draft = Task(
        "acme", "t-2", "kr-pricing", "Draft the page", assignee="li", due=date(2026, 11, 20)
    )
    review = Task("acme", "t-1", "kr-pricing", "Review with sales", done=True)
    elsewhere = Task("acme", "t-3", "kr-users", "Run the campaign")
    with uow:
        for task in (draft, review, elsewhere):
            uow.tasks.save(task)
        uow.commit()

    with uow:
        assert uow.tasks.of_key_result("acme", "kr-pricing") == [review, draft]


def test_tasks_of_several_key_results_come_back_together_by_id(uow: UnitOfWork) -> None:
    pricing = Task("acme", "t-2", "kr-pricing", "Draft the page")
    users = Task("acme", "t-1", "kr-users", "Run the campaign")
    elsewhere = Task("acme", "t-3", "kr-nps", "Call ten customers")
    with uow:
        for task in (pricing, users, elsewhere):
            uow.tasks.save(task)
        uow.commit()

    with uow:
        assert uow.tasks.of_key_results("acme", ["kr-pricing", "kr-users"]) == [users, pricing]


def test_check_ins_of_owners_are_those_after_a_moment_on_their_objectives_in_the_period(
    uow: UnitOfWork,
) -> None:
    later, earlier, before, undone, raj, q3 = (
        replace(check_in(MONDAY + timedelta(days=days), value), kr_id=kr, objective_id=objective)
        for days, value, kr, objective in (
            (3, 52_000, "kr-users", "o-brand"),
            (1, 48_000, "kr-pricing", "o-brand"),
            (-1, 46_000, "kr-users", "o-brand"),
            (2, 50_000, "kr-users", "o-brand"),
            (1, 1, "kr-raj", "o-raj"),
            (1, 1, "kr-q3", "o-q3"),
        )
    )
    with uow:
        uow.objectives.save(brand_objective())
        uow.objectives.save(
            brand_objective(
                objective_id="o-raj", owner=Owner("raj"), key_results=[pricing_kr("kr-raj")]
            )
        )
        uow.objectives.save(
            brand_objective(
                objective_id="o-q3", period="2026-Q3", key_results=[pricing_kr("kr-q3")]
            )
        )
        for added in (later, earlier, before, undone, raj, q3):
            uow.check_ins.add(added)
        assert undone.id is not None
        uow.check_ins.mark_undone("acme", [undone.id])
        uow.commit()

    with uow:
        assert uow.check_ins.of_owners("acme", [Owner("mia")], "2026-Q4", MONDAY) == [
            earlier,
            later,
        ]


def test_dependencies_are_found_by_key_result_and_by_owner(uow: UnitOfWork) -> None:
    on_data = Dependency("acme", "d-2", "kr-users", Owner("data", is_team=True), "kr-etl", "ETL")
    on_raj = Dependency("acme", "d-1", "kr-pricing", Owner("raj"))
    on_person_data = Dependency("acme", "d-3", "kr-nps", Owner("data"))
    with uow:
        for dependency in (on_data, on_raj, on_person_data):
            uow.dependencies.save(dependency)
        uow.commit()

    with uow:
        assert uow.dependencies.of_key_results("acme", ["kr-users", "kr-pricing"]) == [
            on_raj,
            on_data,
        ]
        assert uow.dependencies.of_key_results("acme", []) == []
        assert uow.dependencies.on_owner("acme", Owner("data", is_team=True)) == [on_data]


def test_audit_entries_come_back_oldest_first_with_ids_assigned(uow: UnitOfWork) -> None:
    later, earlier = audit_entry(MONDAY + timedelta(minutes=5)), audit_entry(MONDAY)
    with uow:
        uow.audit.add(later)
        uow.audit.add(earlier)
        uow.audit.add(audit_entry(MONDAY, subject="o-other"))
        uow.commit()

    assert later.id is not None and earlier.id is not None and later.id != earlier.id
    with uow:
        assert uow.audit.of_subject("acme", "o-brand") == [earlier, later]


def test_aware_datetimes_come_back_aware_and_equal(uow: UnitOfWork) -> None:
    shanghai_evening = datetime(2026, 11, 2, 21, 30, 15, 123456, tzinfo=ZoneInfo("Asia/Shanghai"))
    request = change_request("cr-1", shanghai_evening)
    request.decided_at = shanghai_evening + timedelta(hours=1)
    with uow:
        uow.check_ins.add(check_in(shanghai_evening, 47_000))
        uow.change_requests.save(request)
        uow.audit.add(audit_entry(shanghai_evening))
        uow.commit()

    with uow:
        [found_check_in] = uow.check_ins.of_key_result("acme", "kr-users")
        found_request = uow.change_requests.get("acme", "cr-1")
        [found_entry] = uow.audit.of_subject("acme", "o-brand")
    assert found_request is not None
    stamps = [found_check_in.at, found_request.created_at, found_request.decided_at, found_entry.at]
    assert stamps == [shanghai_evening, shanghai_evening, request.decided_at, shanghai_evening]
    assert all(stamp is not None and stamp.utcoffset() is not None for stamp in stamps)


def test_records_of_two_tenants_never_mix(uow: UnitOfWork) -> None:
    acme_check_in, globex_check_in = check_in(MONDAY, 1, "acme"), check_in(MONDAY, 2, "globex")
    acme_request = change_request("cr-1", MONDAY, "acme")
    acme_entry = audit_entry(MONDAY, tenant="acme")
    acme_task = Task("acme", "t-1", "kr-users", "Acme's task")
    acme_dependency = Dependency("acme", "d-1", "kr-users", Owner("raj"))
    acme_prompt = prompt("p-1", MONDAY, "acme")
    with uow:
        uow.check_ins.add(acme_check_in)
        uow.check_ins.add(globex_check_in)
        uow.change_requests.save(acme_request)
        uow.change_requests.save(change_request("cr-1", MONDAY, "globex"))
        uow.audit.add(acme_entry)
        uow.audit.add(audit_entry(MONDAY, tenant="globex"))
        uow.tasks.save(acme_task)
        uow.tasks.save(Task("globex", "t-1", "kr-users", "Globex's task"))
        uow.dependencies.save(acme_dependency)
        uow.dependencies.save(Dependency("globex", "d-1", "kr-users", Owner("raj")))
        uow.prompts.save(acme_prompt)
        uow.prompts.save(prompt("p-1", MONDAY + timedelta(days=1), "globex"))
        uow.commit()

    with uow:
        assert uow.check_ins.of_key_result("acme", "kr-users") == [acme_check_in]
        assert uow.change_requests.of_objective("acme", "o-brand") == [acme_request]
        assert uow.audit.of_subject("acme", "o-brand") == [acme_entry]
        assert uow.tasks.of_key_result("acme", "kr-users") == [acme_task]
        assert uow.dependencies.on_owner("acme", Owner("raj")) == [acme_dependency]
        assert uow.prompts.get("acme", "p-1") == acme_prompt
        assert uow.prompts.latest_for("acme", "mia") == acme_prompt
        assert uow.prompts.get_many("acme", ["p-1"]) == {"p-1": acme_prompt}
        assert uow.prompts.latest_for_many("acme", ["mia"]) == {"mia": acme_prompt}
