import pytest

from bot.check_ins import Reading, record_check_ins, undo_check_ins
from bot.errors import OkrError
from tests.fakes import FakeUnitOfWork, FixedClock
from tests.workspace import stored_key_result as key_result


def check_in(uow: FakeUnitOfWork, clock: FixedClock, *readings: Reading, actor: str = "mia"):
    return record_check_ins(uow, clock, tenant="local", actor=actor, readings=readings)


def test_a_check_in_moves_the_key_result_and_its_confidence(uow, clock) -> None:
    check_in(uow, clock, Reading("kr-e1", value=47_000, confidence=0.7))
    kr = key_result(uow, "kr-e1")
    assert (kr.current, kr.confidence, kr.progress) == (47_000, 0.7, 0.35)


def test_a_check_in_remembers_what_it_replaced(uow, clock) -> None:
    check_in(uow, clock, Reading("kr-e1", value=47_000, confidence=0.7))
    with uow:
        recorded = uow.check_ins.of_key_result("local", "kr-e1")
    assert [(c.previous_value, c.value, c.previous_confidence, c.author) for c in recorded] == [
        (45_000, 47_000, 0.6, "mia")
    ]


def test_a_blocked_check_in_keeps_the_value_and_the_comment(uow, clock) -> None:
    check_in(uow, clock, Reading("kr-e2", blocked=True, comment="waiting on legal"))
    with uow:
        recorded = uow.check_ins.of_key_result("local", "kr-e2")
    assert ([(c.blocked, c.comment) for c in recorded], key_result(uow, "kr-e2").current) == (
        [(True, "waiting on legal")],
        2,
    )


def test_one_refused_reading_applies_none_of_the_reply(uow, clock) -> None:
    with pytest.raises(OkrError):
        check_in(uow, clock, Reading("kr-e1", value=50_000), Reading("kr-e4", value=0.5))
    assert key_result(uow, "kr-e1").current == 45_000


def test_a_confidence_outside_zero_to_one_is_refused(uow, clock) -> None:
    with pytest.raises(OkrError) as refused:
        check_in(uow, clock, Reading("kr-e1", confidence=7))
    assert refused.value.code == "confidence_out_of_range"


def test_a_check_in_on_a_key_result_that_does_not_exist_is_refused(uow, clock) -> None:
    with pytest.raises(OkrError) as refused:
        check_in(uow, clock, Reading("kr-nope", value=1))
    assert refused.value.code == "unknown_key_result"


def test_someone_outside_the_owner_chain_may_not_check_in(uow, clock) -> None:
    with pytest.raises(OkrError) as refused:
        check_in(uow, clock, Reading("kr-e1", value=1), actor="wang")
    assert (refused.value.code, key_result(uow, "kr-e1").current) == ("not_allowed_to_edit", 45_000)


def test_the_lead_checks_in_on_a_team_key_result(uow, clock) -> None:
    check_in(uow, clock, Reading("kr-p1", value=28), actor="chen")
    assert key_result(uow, "kr-p1").current == 28


def test_a_late_check_in_after_the_period_still_counts_until_closed(uow, clock) -> None:
    clock.advance(days=90)
    check_in(uow, clock, Reading("kr-e1", value=58_000))
    assert key_result(uow, "kr-e1").current == 58_000


def test_a_reading_made_from_a_value_that_has_moved_since_is_refused(uow, clock) -> None:
    check_in(uow, clock, Reading("kr-e2", value=3))  # someone else's update lands first
    with pytest.raises(OkrError) as refused:
        record_check_ins(
            uow,
            clock,
            tenant="local",
            actor="mia",
            readings=[Reading("kr-e2", value=4)],
            read_against={"kr-e2": 2},
        )
    assert (refused.value.code, key_result(uow, "kr-e2").current) == ("changed_meanwhile", 3)


def test_undo_leaves_a_key_result_someone_updated_since(uow, clock) -> None:
    mine = check_in(uow, clock, Reading("kr-e1", value=47_000))
    clock.advance(minutes=5)
    check_in(uow, clock, Reading("kr-e1", value=50_000), actor="ceo")
    undone = undo_check_ins(
        uow,
        clock,
        tenant="local",
        actor="mia",
        check_in_ids=[c.id for c in mine.check_ins if c.id is not None],
    )
    assert (undone.check_ins, key_result(uow, "kr-e1").current) == ((), 50_000)


def test_undo_puts_back_the_value_and_confidence_before_the_check_in(uow, clock) -> None:
    mine = check_in(uow, clock, Reading("kr-e1", value=47_000, confidence=0.8))
    undo_check_ins(
        uow,
        clock,
        tenant="local",
        actor="mia",
        check_in_ids=[c.id for c in mine.check_ins if c.id is not None],
    )
    kr = key_result(uow, "kr-e1")
    assert (kr.current, kr.confidence) == (45_000, 0.6)
