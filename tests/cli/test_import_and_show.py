import json
from pathlib import Path

import yaml

from tests.workspace import EXAMPLE_TABLE, example_table, objective


def key_results(shown: str) -> dict[str, dict[str, object]]:
    data = json.loads(shown)
    return {kr["id"]: kr for o in data["objectives"] for kr in o["key_results"]}


def write(path: Path, data: object) -> str:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_importing_the_example_reports_what_it_loaded(cli) -> None:
    run = cli("import", str(EXAMPLE_TABLE))
    assert (run.code, run.out.strip()) == (
        0,
        "okrbot: imported 7 people, 4 teams, 9 objectives and 19 key results",
    )


def test_show_json_gives_progress_of_rising_falling_and_milestone_krs(imported) -> None:
    krs = key_results(imported("show", "mia", "--json").out)
    assert {k: krs[k]["progress"] for k in ("kr-e1", "kr-e3", "kr-e4")} == {
        "kr-e1": 0.25,
        "kr-e3": 0.25,
        "kr-e4": 0.0,
    }


def test_show_json_follows_the_contract(imported) -> None:
    data = json.loads(imported("show", "chen", "--json").out)
    assert (
        data["person"]["name"],
        data["period"],
        sorted(data["objectives"][0]),
        sorted(data["objectives"][0]["key_results"][1]),
    ) == (
        "陈伟",
        "2026-Q4",
        ["id", "key_results", "period", "score", "status", "title"],
        [
            "confidence",
            "current",
            "depends_on",
            "id",
            "kind",
            "progress",
            "self_score",
            "start",
            "target",
            "tasks",
            "title",
            "unit",
        ],
    )


def test_show_prints_a_readable_summary(imported) -> None:
    out = imported("show", "raj").out
    assert "Raj Patel's OKRs · 2026-Q4" in out


def test_show_of_someone_unknown_is_one_clear_line(imported) -> None:
    run = imported("show", "nobody")
    assert (run.code, run.err) == (1, "okrbot: there is no person 'nobody'\n")


def test_a_malformed_yaml_file_is_refused_with_its_line(imported, tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("people:\n  - id: [unclosed\n", encoding="utf-8")
    run = imported("import", str(bad))
    assert (run.code, run.err.startswith(f"okrbot: {bad} line "), "Traceback" in run.err) == (
        1,
        True,
        False,
    )


def test_a_missing_file_is_refused_in_one_line(imported) -> None:
    run = imported("import", "nowhere.yaml")
    assert (run.code, run.err) == (
        1,
        "okrbot: cannot read nowhere.yaml: No such file or directory\n",
    )


def refused_and_unchanged(cli, tmp_path: Path, mutate) -> tuple[int, str, bool]:
    before = cli("export").out
    data = example_table()
    mutate(data)
    run = cli("import", write(tmp_path / "table.yaml", data))
    return run.code, run.err.strip(), cli("export").out == before


def test_an_unknown_manager_is_refused_and_nothing_changes(imported, tmp_path) -> None:
    def mutate(d):
        d["people"][1]["name"] = "Renamed"
        d["people"][2]["manager"] = "ghost"

    assert refused_and_unchanged(imported, tmp_path, mutate) == (
        1,
        "okrbot: person 'raj': manager 'ghost' is not a person in the table",
        True,
    )


def test_a_fifth_key_result_is_refused_and_nothing_changes(imported, tmp_path) -> None:
    def mutate(d):
        objective(d, "o-mia-1")["key_results"].append({"title": "Fifth", "start": 0, "target": 1})

    assert refused_and_unchanged(imported, tmp_path, mutate) == (
        1,
        "okrbot: objective 'o-mia-1': would have 5 key results; an objective has at most 4",
        True,
    )


def test_a_key_result_starting_at_its_target_is_refused_and_nothing_changes(
    imported, tmp_path
) -> None:
    def mutate(d):
        objective(d, "o-co-1")["key_results"][0]["target"] = 400

    assert refused_and_unchanged(imported, tmp_path, mutate) == (
        1,
        "okrbot: key result 'kr-co1': starts where it ends (400); give it a target that differs",
        True,
    )
