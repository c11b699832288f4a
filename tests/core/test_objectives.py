import pytest

from bot import objectives
from bot.errors import OkrError
from bot.model import KeyResult, Level, Objective, ObjectiveStatus
from tests.fakes import FakeUnitOfWork, FixedClock


def stored(uow: FakeUnitOfWork, objective_id: str) -> Objective:
    with uow:
        found = uow.objectives.get("local", objective_id)
    assert found is not None
    return found


def draft(
    uow: FakeUnitOfWork,
    clock: FixedClock,
    *,
    actor: str = "raj",
    owner: str = "raj",
    title: str = "Win the docs game",
) -> objectives.Drafted:
    return objectives.draft_objective(
        uow, clock, tenant="local", actor=actor, title=title, owner=owner
    )


def test_a_drafted_objective_gets_the_next_readable_id(uow, clock) -> None:
    assert draft(uow, clock).objective.id == "o-raj-2"


def test_a_drafted_objective_is_stored_as_a_draft_of_its_person(uow, clock) -> None:
    made = draft(uow, clock).objective
    found = stored(uow, made.id)
    assert (found.status, found.level, found.period) == (
        ObjectiveStatus.DRAFT,
        Level.PERSON,
        "2026-Q4",
    )


def test_a_team_objective_takes_its_level_from_the_cascade(uow, clock) -> None:
    made = draft(uow, clock, actor="chen", owner="team:platform", title="Faster builds")
    assert made.objective.level == Level.TEAM


def test_a_seventh_objective_in_a_period_comes_with_a_warning(uow, clock) -> None:
    results = [draft(uow, clock, title=f"Objective {i}") for i in range(6)]
    assert [r.too_many_objectives for r in results] == [False] * 5 + [True]


def test_a_peer_may_not_draft_for_someone_else(uow, clock) -> None:
    with pytest.raises(OkrError, match="may not change"):
        draft(uow, clock, actor="wang", owner="raj")


def test_a_manager_may_draft_for_a_report(uow, clock) -> None:
    assert draft(uow, clock, actor="mia", owner="raj").objective.owner.id == "raj"


def test_agreement_by_the_manager_fixes_the_wording(uow, clock) -> None:
    objectives.agree_objective(uow, clock, tenant="local", actor="mia", objective_id="o-raj-1")
    with pytest.raises(OkrError) as refused:
        objectives.reword_objective(
            uow, clock, tenant="local", actor="raj", objective_id="o-raj-1", title="Something else"
        )
    assert (refused.value.code, stored(uow, "o-raj-1").title) == (
        "objective_locked",
        "Make the docs the best way to learn okrbot",
    )


def test_the_owner_may_not_agree_their_own_draft(uow, clock) -> None:
    with pytest.raises(OkrError, match="agree"):
        objectives.agree_objective(uow, clock, tenant="local", actor="raj", objective_id="o-raj-1")


def test_a_draft_may_be_reworded_by_its_owner(uow, clock) -> None:
    objectives.reword_objective(
        uow, clock, tenant="local", actor="raj", objective_id="o-raj-1", title="Docs people love"
    )
    assert stored(uow, "o-raj-1").title == "Docs people love"


def test_a_fifth_key_result_is_refused_and_nothing_changes(uow, clock) -> None:
    with pytest.raises(OkrError, match="at most 4"):
        objectives.add_key_result(
            uow,
            clock,
            tenant="local",
            actor="mia",
            objective_id="o-mia-1",
            key_result=KeyResult("", "Fifth", start=0, target=1),
        )
    assert len(stored(uow, "o-mia-1").key_results) == 4


def test_an_added_key_result_gets_a_readable_id(uow, clock) -> None:
    objectives.add_key_result(
        uow,
        clock,
        tenant="local",
        actor="raj",
        objective_id="o-raj-1",
        key_result=KeyResult("", "Ten tutorials", start=0, target=10),
    )
    assert [kr.id for kr in stored(uow, "o-raj-1").key_results] == ["kr-r1", "kr-r2", "kr-raj-1-3"]


def test_a_draft_key_result_may_be_revised(uow, clock) -> None:
    objectives.edit_key_result(
        uow, clock, tenant="local", actor="raj", kr_id="kr-r1", changes={"target": 95}
    )
    assert stored(uow, "o-raj-1").key_results[0].target == 95


def test_an_agreed_quarterly_key_result_is_not_revised(uow, clock) -> None:
    objectives.agree_objective(uow, clock, tenant="local", actor="mia", objective_id="o-raj-1")
    with pytest.raises(OkrError) as refused:
        objectives.edit_key_result(
            uow, clock, tenant="local", actor="raj", kr_id="kr-r1", changes={"target": 95}
        )
    assert (refused.value.code, stored(uow, "o-raj-1").key_results[0].target) == (
        "quarterly_key_result_locked",
        90,
    )


def test_every_change_is_kept_in_the_audit_trail(uow, clock) -> None:
    objectives.edit_key_result(
        uow, clock, tenant="local", actor="raj", kr_id="kr-r1", changes={"target": 95}
    )
    with uow:
        trail = uow.audit.of_subject("local", "kr-r1")
    assert [(e.actor, e.action, e.detail) for e in trail] == [
        ("raj", "key_result.revised", {"target": {"before": 90.0, "after": 95.0}})
    ]


def test_the_owner_sets_a_self_score_at_period_end(uow, clock) -> None:
    objectives.set_self_score(uow, clock, tenant="local", actor="raj", kr_id="kr-r1", score=0.6)
    assert stored(uow, "o-raj-1").key_results[0].score == 0.6


def test_closing_an_objective_stops_further_changes(uow, clock) -> None:
    objectives.close_objective(uow, clock, tenant="local", actor="raj", objective_id="o-raj-1")
    with pytest.raises(OkrError, match="closed"):
        objectives.reword_objective(
            uow, clock, tenant="local", actor="raj", objective_id="o-raj-1", title="Late rewording"
        )
