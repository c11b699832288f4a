import pytest

from bot import changes, objectives
from bot.errors import OkrError
from bot.model import ChangeStatus
from bot.table import import_table
from okrbot.platforms import TABLE_COLUMNS
from tests.fakes import FakeUnitOfWork, FixedClock
from tests.workspace import stored_key_result as key_result

ANNUAL_TABLE = {
    "period": "2026",
    "people": [{"id": "ceo", "name": "Lin"}, {"id": "mia", "name": "Mia", "manager": "ceo"}],
    "objectives": [
        {
            "id": "o-mia-y",
            "title": "A year of growth",
            "owner": "mia",
            "status": "agreed",
            "key_results": [{"id": "kr-y1", "title": "Grow users", "start": 0, "target": 100}],
        }
    ],
}


@pytest.fixture
def annual(clock: FixedClock) -> FakeUnitOfWork:
    fake = FakeUnitOfWork()
    import_table(fake, clock, tenant="local", data=ANNUAL_TABLE, platforms=TABLE_COLUMNS)
    return fake


def request(
    uow: FakeUnitOfWork, clock: FixedClock, kr_id: str = "kr-y1", actor: str = "mia"
) -> str:
    made = objectives.edit_key_result(
        uow,
        clock,
        tenant="local",
        actor=actor,
        kr_id=kr_id,
        changes={"target": 150},
        reason="the market grew",
    ).request
    assert made is not None
    return made.id


def test_an_agreed_quarterly_key_result_cannot_be_changed_even_by_request(uow, clock) -> None:
    objectives.agree_objective(uow, clock, tenant="local", actor="ceo", objective_id="o-mia-1")
    with pytest.raises(OkrError) as refused:
        request(uow, clock, kr_id="kr-e2")
    assert refused.value.code == "quarterly_key_result_locked"


def test_an_annual_key_result_change_waits_for_approval(annual, clock) -> None:
    request(annual, clock)
    assert key_result(annual, "kr-y1").target == 100


def test_an_approved_change_is_applied(annual, clock) -> None:
    request_id = request(annual, clock)
    changes.decide_change(
        annual, clock, tenant="local", actor="ceo", request_id=request_id, approve=True
    )
    assert key_result(annual, "kr-y1").target == 150


def test_a_rejected_change_leaves_the_key_result_as_agreed(annual, clock) -> None:
    request_id = request(annual, clock)
    decided = changes.decide_change(
        annual, clock, tenant="local", actor="ceo", request_id=request_id, approve=False
    ).request
    assert (decided.status, key_result(annual, "kr-y1").target) == (ChangeStatus.REJECTED, 100)


def test_the_owner_may_not_approve_their_own_change(annual, clock) -> None:
    request_id = request(annual, clock)
    with pytest.raises(OkrError) as refused:
        changes.decide_change(
            annual, clock, tenant="local", actor="mia", request_id=request_id, approve=True
        )
    assert refused.value.code == "not_allowed_to_decide"


def test_a_change_is_decided_only_once(annual, clock) -> None:
    request_id = request(annual, clock)
    changes.decide_change(
        annual, clock, tenant="local", actor="ceo", request_id=request_id, approve=False
    )
    with pytest.raises(OkrError) as refused:
        changes.decide_change(
            annual, clock, tenant="local", actor="ceo", request_id=request_id, approve=True
        )
    assert refused.value.code == "change_already_decided"


def test_a_request_that_could_never_apply_is_refused(annual, clock) -> None:
    with pytest.raises(OkrError) as refused:
        objectives.edit_key_result(
            annual,
            clock,
            tenant="local",
            actor="mia",
            kr_id="kr-y1",
            changes={"target": 0},
            reason="oops",
        )
    assert refused.value.code == "start_equals_target"


def test_the_request_and_the_decision_are_in_the_audit_trail(annual, clock) -> None:
    request_id = request(annual, clock)
    changes.decide_change(
        annual, clock, tenant="local", actor="ceo", request_id=request_id, approve=True
    )
    with annual:
        trail = annual.audit.of_subject("local", "kr-y1")
    assert [(e.actor, e.action) for e in trail] == [
        ("mia", "change.requested"),
        ("ceo", "key_result.revised"),
        ("ceo", "change.approved"),
    ]
