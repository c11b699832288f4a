import pytest

from bot.errors import OkrError
from bot.model import KeyResult, KeyResultKind, Objective, Owner, Person, Role
from bot.rules import (
    Limits,
    Standing,
    ancestors,
    check_key_result,
    check_room_for_key_result,
    check_self_score,
    may_agree,
    may_edit,
    too_many_objectives,
)


def person(person_id: str, *roles: Role) -> Person:
    return Person("local", person_id, person_id, roles=frozenset(roles))


def objective_with(count: int) -> Objective:
    return Objective(
        "local",
        "o-mia-1",
        "grow",
        Owner("mia"),
        "2026-Q4",
        key_results=[KeyResult(f"kr{i}", "kr", start=0, target=1) for i in range(count)],
    )


def refusal(call: object) -> str:
    assert callable(call)
    with pytest.raises(OkrError) as raised:
        call()
    return raised.value.code


def test_a_fifth_key_result_is_refused() -> None:
    code = refusal(lambda: check_room_for_key_result(objective_with(4), Limits()))
    assert code == "too_many_key_results"


def test_the_key_result_limit_is_a_setting() -> None:
    check_room_for_key_result(objective_with(4), Limits(key_results_per_objective=5))


def test_a_metric_that_starts_at_its_target_is_refused() -> None:
    kr = KeyResult("kr", "flat", start=5, target=5)
    assert refusal(lambda: check_key_result(kr)) == "start_equals_target"


def test_a_milestone_is_done_or_not_done() -> None:
    kr = KeyResult("kr", "ship", kind=KeyResultKind.MILESTONE, current=0.5)
    assert refusal(lambda: check_key_result(kr)) == "not_a_milestone_value"


def test_a_confidence_above_one_is_refused() -> None:
    kr = KeyResult("kr", "grow", start=0, target=1, confidence=7)
    assert refusal(lambda: check_key_result(kr)) == "confidence_out_of_range"


def test_a_self_score_off_the_tenths_is_refused() -> None:
    assert refusal(lambda: check_self_score(0.65)) == "self_score_out_of_range"


def test_a_self_score_in_tenths_is_accepted() -> None:
    check_self_score(0.7)


def test_more_than_six_objectives_is_past_the_advice() -> None:
    assert (too_many_objectives(6, Limits()), too_many_objectives(7, Limits())) == (False, True)


def test_the_owner_may_edit() -> None:
    assert may_edit(Standing(person("mia"), "mia", managers=["ceo"], team_leads=()))


def test_a_manager_up_the_chain_may_edit() -> None:
    assert may_edit(Standing(person("ceo"), "raj", managers=["mia", "ceo"], team_leads=()))


def test_a_peer_may_not_edit() -> None:
    assert not may_edit(Standing(person("wang"), "mia", managers=["ceo"], team_leads=()))


def test_an_admin_may_edit_anything() -> None:
    standing = Standing(person("it", Role.ADMIN), "mia", managers=["ceo"], team_leads=())
    assert may_edit(standing)


def test_the_owner_with_a_manager_may_not_agree_their_own_draft() -> None:
    assert not may_agree(Standing(person("mia"), "mia", managers=["ceo"], team_leads=()))


def test_the_top_of_the_company_may_not_agree_their_own_draft_either() -> None:
    assert not may_agree(Standing(person("ceo"), "ceo", managers=[], team_leads=()))


def test_an_admin_agrees_the_draft_of_the_top_of_the_company() -> None:
    assert may_agree(Standing(person("it", Role.ADMIN), "ceo", managers=[], team_leads=()))


def test_ancestors_walk_up_nearest_first() -> None:
    managers = {"raj": "mia", "mia": "ceo"}
    assert ancestors("raj", managers.get) == ["mia", "ceo"]


def test_ancestors_stop_at_a_cycle() -> None:
    managers = {"a": "b", "b": "a"}
    assert ancestors("a", managers.get) == ["b"]
