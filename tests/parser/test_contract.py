"""The dictionary shapes other tools rely on (DESIGN.md, "The reply parser")."""

import pytest

from bot.parser import ContractError, KeyResultRef, KeyResultUpdate, ParsedReply

CONTRACT_KR = {
    "id": "kr-1",
    "title": "Close 40 partner deals",
    "start": 0,
    "target": 40,
    "current": 10,
    "unit": "deals",
    "kind": "metric",
}


def test_a_key_result_is_read_from_the_contract() -> None:
    assert KeyResultRef.from_contract(CONTRACT_KR) == KeyResultRef(
        "kr-1", "Close 40 partner deals", 0.0, 40.0, 10.0, "deals", "metric"
    )


def test_a_milestone_may_leave_out_its_numbers() -> None:
    milestone = {"id": "kr-2", "title": "Launch the portal", "kind": "milestone"}
    assert KeyResultRef.from_contract(milestone) == KeyResultRef(
        "kr-2", "Launch the portal", 0.0, 1.0, 0.0, "", "milestone"
    )


def test_current_defaults_to_start() -> None:
    data = {"id": "kr-3", "title": "t", "start": 5, "target": 9}
    assert KeyResultRef.from_contract(data).current == 5.0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "t", "start": 0, "target": 1}, "a key result needs a non-empty string 'id'"),
        ({**CONTRACT_KR, "start": "zero"}, "key result 'kr-1': 'start' must be a finite number"),
        ({**CONTRACT_KR, "target": True}, "key result 'kr-1': 'target' must be a finite number"),
        (
            {**CONTRACT_KR, "kind": "goal"},
            "key result 'kr-1': 'kind' must be 'metric' or 'milestone'",
        ),
        ({**CONTRACT_KR, "unit": 3}, "key result 'kr-1': 'unit' must be a string"),
    ],
)
def test_a_key_result_that_breaks_the_contract_is_refused_with_a_reason(
    data: dict[str, object], message: str
) -> None:
    with pytest.raises(ContractError) as refused:
        KeyResultRef.from_contract(data)
    assert str(refused.value) == message


def test_a_parsed_reply_gives_exactly_the_contract_keys() -> None:
    reply = ParsedReply(
        skipped=False,
        confidence=0.7,
        updates=(KeyResultUpdate("kr-1", 12.0, 0.6, True, "legal", "KR1 12 blocked: legal"),),
        unplaced=("xyz",),
    )
    assert reply.to_contract() == {
        "skipped": False,
        "confidence": 0.7,
        "updates": [
            {"kr": "kr-1", "value": 12.0, "confidence": 0.6, "blocked": True, "comment": "legal"}
        ],
    }
