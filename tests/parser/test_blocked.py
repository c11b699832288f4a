"""Blocked words mark the KR blocked; the rest of the clause is the comment."""

from tests.parser.samples import CHINESE, ENGLISH, blocked, values


def test_blocked_marks_the_kr_with_the_rest_of_the_clause_as_comment() -> None:
    assert blocked("KR3 blocked: legal has not signed the terms", ENGLISH) == {
        "portal": "legal has not signed the terms"
    }


def test_blocked_by_drops_the_by() -> None:
    assert blocked("KR2 is blocked by the partner team's audit", ENGLISH) == {
        "deals": "the partner team's audit"
    }


def test_waiting_on_is_blocked_and_kept_in_the_comment() -> None:
    assert blocked("KR3 waiting on the security review", ENGLISH) == {
        "portal": "waiting on the security review"
    }


def test_kazhu_is_blocked() -> None:
    assert blocked("KR3 被卡住了,等待法务审核", CHINESE) == {"app": "等待法务审核"}


def test_kazai_is_blocked() -> None:
    assert blocked("KR5 卡在预算审批", CHINESE) == {"hiring": "预算审批"}


def test_zuse_is_blocked() -> None:
    assert blocked("会员小程序发布被阻塞,应用商店审核中", CHINESE) == {"app": "应用商店审核中"}


def test_a_number_in_the_blocked_reason_is_not_a_value() -> None:
    assert values("KR2 blocked on 3 unsigned contracts", ENGLISH) == {}


def test_a_value_before_blocked_is_kept() -> None:
    assert values("KR2 12, blocked on legal", ENGLISH) == {"deals": 12}


def test_no_blockers_is_not_blocked() -> None:
    assert blocked("KR2 12, no blockers", ENGLISH) == {}


def test_unblocked_is_not_blocked() -> None:
    assert blocked("KR3 unblocked, back on track", ENGLISH) == {}


def test_at_risk_is_not_blocked() -> None:
    assert blocked("KR2 is at risk, 11 so far", ENGLISH) == {}
