import copy
from typing import Any

import pytest

from bot.table import TableError, export_table, import_table
from okrbot.platforms import TABLE_COLUMNS
from tests.fakes import FakeUnitOfWork, FixedClock
from tests.workspace import example_table, objective


def refusal(uow: FakeUnitOfWork, clock: FixedClock, data: object) -> str:
    with pytest.raises(TableError) as refused:
        import_table(uow, clock, tenant="local", data=data, platforms=TABLE_COLUMNS)
    return str(refused.value)


def changed(mutate: Any) -> dict[str, Any]:
    data: dict[str, Any] = copy.deepcopy(example_table())
    mutate(data)
    return data


def snapshot(uow: FakeUnitOfWork) -> dict[str, object]:
    return export_table(uow, tenant="local", platforms=TABLE_COLUMNS).table


def test_importing_the_example_counts_what_it_loaded(clock) -> None:
    summary = import_table(
        FakeUnitOfWork(), clock, tenant="local", data=example_table(), platforms=TABLE_COLUMNS
    )
    assert (summary.people, summary.teams, summary.objectives, summary.key_results) == (7, 4, 9, 19)


def test_an_exported_table_imports_to_the_same_data(uow, clock) -> None:
    exported = snapshot(uow)
    again = FakeUnitOfWork()
    import_table(again, clock, tenant="local", data=exported, platforms=TABLE_COLUMNS)
    assert snapshot(again) == exported


def test_importing_the_same_table_twice_changes_nothing(uow, clock) -> None:
    before = snapshot(uow)
    import_table(uow, clock, tenant="local", data=example_table(), platforms=TABLE_COLUMNS)
    assert snapshot(uow) == before


def test_entries_without_ids_get_readable_ids_that_stay_on_reimport(clock) -> None:
    data = {
        "period": "2026-Q4",
        "people": [{"id": "mia", "name": "Mia"}],
        "objectives": [
            {
                "title": "Grow",
                "owner": "mia",
                "key_results": [{"title": "Users", "start": 0, "target": 10}],
            }
        ],
    }
    fake = FakeUnitOfWork()
    import_table(fake, clock, tenant="local", data=data, platforms=TABLE_COLUMNS)
    import_table(fake, clock, tenant="local", data=data, platforms=TABLE_COLUMNS)
    objectives = snapshot(fake)["objectives"]
    assert [(o["id"], [k["id"] for k in o["key_results"]]) for o in objectives] == [
        ("o-mia-1", ["kr-mia-1-1"])
    ]


def test_a_table_that_is_not_a_mapping_is_refused(uow, clock) -> None:
    assert refusal(uow, clock, ["people"]) == "the table: should be a mapping of keys to values"


def test_an_unknown_manager_is_refused_by_name(uow, clock) -> None:
    data = changed(lambda d: d["people"][2].update(manager="ghost"))
    assert refusal(uow, clock, data) == (
        "person 'raj': manager 'ghost' is not a person in the table"
    )


def test_an_unknown_parent_objective_is_refused_by_name(uow, clock) -> None:
    data = changed(lambda d: objective(d, "o-mia-1").update(parent="o-nowhere"))
    assert refusal(uow, clock, data) == (
        "objective 'o-mia-1': parent objective 'o-nowhere' is not in the table"
    )


def test_a_fifth_key_result_is_refused_by_name(uow, clock) -> None:
    extra = {"id": "kr-e5", "title": "One too many", "start": 0, "target": 1}
    data = changed(lambda d: objective(d, "o-mia-1")["key_results"].append(extra))
    assert refusal(uow, clock, data) == (
        "objective 'o-mia-1': would have 5 key results; an objective has at most 4"
    )


def test_a_key_result_that_starts_at_its_target_is_refused_by_name(uow, clock) -> None:
    data = changed(lambda d: objective(d, "o-raj-1")["key_results"][0].update(target=70))
    assert refusal(uow, clock, data) == (
        "key result 'kr-r1': starts where it ends (70); give it a target that differs"
    )


def test_a_value_of_the_wrong_type_is_refused_by_name(uow, clock) -> None:
    data = changed(lambda d: objective(d, "o-raj-1")["key_results"][0].update(current="lots"))
    assert refusal(uow, clock, data) == "key result 'kr-r1': current should be a number, not 'lots'"


def test_a_manager_cycle_is_refused(uow, clock) -> None:
    data = changed(lambda d: d["people"][0].update(manager="raj"))
    assert "managing themselves" in refusal(uow, clock, data)


def test_a_refused_import_leaves_earlier_data_intact(uow, clock) -> None:
    before = snapshot(uow)
    data = changed(
        lambda d: (
            d["people"][1].update(name="Changed"),
            objective(d, "o-li-1").update(owner="ghost"),
        )
    )
    refusal(uow, clock, data)
    assert snapshot(uow) == before


def test_an_import_is_recorded_in_the_audit_trail(uow) -> None:
    with uow:
        trail = uow.audit.of_subject("local", "local")
    assert [(e.action, e.detail["objectives"]) for e in trail] == [("table.imported", 9)]
