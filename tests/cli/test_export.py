import csv
import io
import json
from pathlib import Path

from openpyxl import load_workbook


def test_a_yaml_export_reimports_to_the_same_table(imported, tmp_path: Path) -> None:
    exported = imported("export", "--format", "yaml").out
    (tmp_path / "again.yaml").write_text(exported, encoding="utf-8")
    imported("import", str(tmp_path / "again.yaml"))
    assert imported("export", "--format", "yaml").out == exported


def test_an_export_after_a_console_run_reimports(imported, tmp_path: Path) -> None:
    imported(
        "jobs", "run", "weekly-checkin", "--platform", "console", "--at", "2026-11-02T02:00+00:00"
    )
    (tmp_path / "again.yaml").write_text(imported("export").out, encoding="utf-8")
    run = imported("import", str(tmp_path / "again.yaml"))
    assert (run.code, run.err) == (0, "")


def test_a_json_export_holds_the_whole_table(imported) -> None:
    data = json.loads(imported("export", "--format", "json").out)
    assert (data["period"], len(data["people"]), len(data["teams"]), len(data["objectives"])) == (
        "2026-Q4",
        7,
        4,
        9,
    )


def test_a_csv_export_has_one_row_per_key_result_with_progress(imported) -> None:
    rows = list(csv.DictReader(io.StringIO(imported("export", "--format", "csv").out)))
    by_id = {row["key_result"]: row for row in rows}
    assert (len(rows), by_id["kr-g1"]["progress"], by_id["kr-r2"]["current"]) == (19, "0.2667", "1")


def test_an_xlsx_export_has_key_results_people_and_teams(imported, tmp_path: Path) -> None:
    target = tmp_path / "okrs.xlsx"
    imported("export", "--format", "xlsx", "--output", str(target))
    book = load_workbook(target)
    assert ([sheet.title for sheet in book], book["Key results"].max_row) == (
        ["Key results", "People", "Teams"],
        20,
    )


def test_exporting_an_empty_workspace_says_to_import_first(cli) -> None:
    run = cli("export")
    assert (run.code, run.err) == (
        1,
        "okrbot: workspace 'local' has no OKRs yet: import an OKR table first\n",
    )


def test_db_upgrade_says_the_database_is_current(cli) -> None:
    assert cli("db", "upgrade").out == "okrbot: the database is up to date\n"
