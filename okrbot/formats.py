"""The OKR table as files: YAML and JSON (the whole table), CSV and XLSX (one row per KR)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from bot.model import Objective
    from bot.views import PersonOkrs, Plans

FORMATS = ("yaml", "json", "csv", "xlsx")

KEY_RESULT_COLUMNS = (
    "objective",
    "objective_title",
    "owner",
    "period",
    "parent",
    "origin",
    "status",
    "key_result",
    "title",
    "kind",
    "start",
    "target",
    "current",
    "unit",
    "progress",
    "confidence",
    "weight",
    "kr_owner",
    "self_score",
)


class TableFileError(Exception):
    """A table file that is not valid YAML or JSON; the message names the line."""


def load_table_file(text: str, *, source: str) -> object:
    """Parse a YAML (or JSON, which YAML reads too) OKR table."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", None) or "is not valid YAML"
        raise TableFileError(f"{source}{where}: {problem}") from None


def dump(table: Mapping[str, Any], fmt: str, progress: Mapping[str, float]) -> bytes:
    """`table` as `fmt`; `progress` (by KR id) fills the progress column of flat formats."""
    if fmt == "yaml":
        return yaml.safe_dump(dict(table), allow_unicode=True, sort_keys=False, width=100).encode()
    if fmt == "json":
        return (json.dumps(table, ensure_ascii=False, indent=2) + "\n").encode()
    rows = list(key_result_rows(table, progress))
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(KEY_RESULT_COLUMNS)
        writer.writerows(rows)
        return out.getvalue().encode()
    if fmt == "xlsx":
        return _xlsx(table, rows)
    raise ValueError(f"unknown format '{fmt}': use one of {', '.join(FORMATS)}")


def key_result_rows(
    table: Mapping[str, Any], progress: Mapping[str, float]
) -> Iterator[list[object]]:
    for objective in table["objectives"]:
        period = objective.get("period", table["period"])
        for kr in objective["key_results"]:
            milestone = kr.get("kind") == "milestone"
            yield [
                objective["id"],
                objective["title"],
                objective["owner"],
                period if isinstance(period, str) else period["name"],
                objective.get("parent", ""),
                objective["origin"],
                objective["status"],
                kr["id"],
                kr["title"],
                kr.get("kind", "metric"),
                0 if milestone else kr["start"],
                1 if milestone else kr["target"],
                int(kr["done"]) if milestone else kr["current"],
                kr.get("unit", ""),
                round(progress.get(kr["id"], 0.0), 4),
                kr.get("confidence", ""),
                kr.get("weight", 1),
                kr.get("owner", ""),
                kr.get("self_score", ""),
            ]


def _xlsx(table: Mapping[str, Any], rows: Sequence[list[object]]) -> bytes:
    try:
        from openpyxl import Workbook  # the `xlsx` extra: loaded by the one format needing it
    except ImportError:
        raise ValueError("xlsx needs openpyxl: install okrbot[xlsx]") from None
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Key results"
    sheet.append(list(KEY_RESULT_COLUMNS))
    for row in rows:
        sheet.append(row)
    people = book.create_sheet("People")
    people_columns = ("id", "name", "manager", "locale", "timezone", "email", "slack", "feishu")
    people.append([*people_columns, "roles"])
    for person in table["people"]:
        people.append(
            [person.get(c, "") for c in people_columns] + [", ".join(person.get("roles", []))]
        )
    teams = book.create_sheet("Teams")
    teams.append(["id", "name", "parent", "lead", "members"])
    for team in table["teams"]:
        teams.append(
            [
                team["id"],
                team["name"],
                team.get("parent", ""),
                team.get("lead", ""),
                ", ".join(team["members"]),
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def person_okrs_json(okrs: PersonOkrs, plans: Plans) -> dict[str, object]:
    """`okrbot show --json` (DESIGN.md): a contract other tools read; keep it stable (fields
    are added, never removed)."""
    person = okrs.person
    return {
        "person": {
            "id": person.id,
            "name": person.name,
            "manager": person.manager,
            "locale": person.locale.value,
            "timezone": person.timezone,
        },
        "period": okrs.period,
        "objectives": [_objective_json(o, plans) for o in okrs.objectives],
    }


def _objective_json(objective: Objective, plans: Plans) -> dict[str, object]:
    return {
        "id": objective.id,
        "title": objective.title,
        "status": objective.status.value,
        "period": objective.period,
        "score": round(objective.score, 4),
        "key_results": [
            {
                "id": kr.id,
                "title": kr.title,
                "kind": kr.kind.value,
                "start": kr.start,
                "target": kr.target,
                "current": kr.current,
                "unit": kr.unit,
                "progress": round(kr.progress, 4),
                "confidence": kr.confidence,
                "self_score": kr.self_score,
                "tasks": [
                    {"id": t.id, "title": t.title, "assignee": t.assignee, "done": t.done}
                    for t in plans.tasks.get(kr.id, ())
                ],
                "depends_on": list(plans.depends_on.get(kr.id, ())),
            }
            for kr in objective.key_results
        ],
    }
