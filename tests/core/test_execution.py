import pytest

from bot import execution
from bot.errors import OkrError


def test_a_task_joins_the_key_results_action_plan(uow, clock) -> None:
    execution.add_task(
        uow,
        clock,
        tenant="local",
        actor="mia",
        kr_id="kr-e2",
        title="Call five prospects",
        assignee="raj",
    )
    with uow:
        plan = uow.tasks.of_key_result("local", "kr-e2")
    assert [(t.title, t.assignee, t.done) for t in plan] == [("Call five prospects", "raj", False)]


def test_the_assignee_completes_their_task(uow, clock) -> None:
    task = execution.add_task(
        uow,
        clock,
        tenant="local",
        actor="mia",
        kr_id="kr-e2",
        title="Call five prospects",
        assignee="raj",
    )
    execution.complete_task(uow, clock, tenant="local", actor="raj", task_id=task.id)
    with uow:
        plan = uow.tasks.of_key_result("local", "kr-e2")
    assert [t.done for t in plan] == [True]


def test_a_task_for_someone_unknown_is_refused(uow, clock) -> None:
    with pytest.raises(OkrError) as refused:
        execution.add_task(
            uow, clock, tenant="local", actor="mia", kr_id="kr-e2", title="Call", assignee="ghost"
        )
    assert refused.value.code == "unknown_person"


def test_a_dependency_shows_on_both_sides(uow, clock) -> None:
    execution.add_dependency(
        uow,
        clock,
        tenant="local",
        actor="mia",
        kr_id="kr-e4",
        on="chen",
        on_kr_id="kr-c1",
        note="pricing page needs the pipeline",
    )
    mine = execution.dependencies_of(uow, tenant="local", person_id="mia", period="2026-Q4")
    theirs = execution.dependencies_of(uow, tenant="local", person_id="chen", period="2026-Q4")
    assert ([d.on_kr_id for d in mine.mine], [d.kr_id for d in theirs.on_me]) == (
        ["kr-c1"],
        ["kr-e4"],
    )


def test_a_dependency_without_a_matching_key_result_is_flagged(uow, clock) -> None:
    execution.add_dependency(uow, clock, tenant="local", actor="mia", kr_id="kr-e2", on="li")
    deps = execution.dependencies_of(uow, tenant="local", person_id="li", period="2026-Q4")
    assert [d.kr_id for d in deps.unmatched] == ["kr-e2"]


def test_a_dependency_on_someone_elses_key_result_is_refused(uow, clock) -> None:
    with pytest.raises(OkrError) as refused:
        execution.add_dependency(
            uow, clock, tenant="local", actor="mia", kr_id="kr-e4", on="li", on_kr_id="kr-c1"
        )
    assert refused.value.code == "dependency_owner_mismatch"
