"""The quarter's end from the command line: `okrbot jobs run quarter-end --platform console`
asks each person for final self-scores, their answers in `okrbot console` store self-scores
and retro answers and change no KR value, and `okrbot jobs run quarter-end-summary` posts the
team's scores and retro answers."""

from __future__ import annotations

import io
import json

import pytest

from tests.cli.conftest import Cli

LAST_DAY = "2026-12-31T09:00+00:00"  # Thursday 31 December, after 16:00 in Shanghai
NEXT_WORKING_DAY = "2027-01-04T09:00+00:00"  # Monday 4 January: 1 January is a holiday


def krs(cli: Cli, person: str) -> dict[str, dict[str, object]]:
    data = json.loads(cli("show", person, "--json").out)
    return {kr["id"]: kr for o in data["objectives"] for kr in o["key_results"]}


def answer(cli: Cli, monkeypatch: pytest.MonkeyPatch, *lines: str) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    return cli("console").out


def test_quarter_end_asks_each_person_for_scores_of_their_key_results(imported: Cli) -> None:
    run = imported("jobs", "run", "quarter-end", "--platform", "console", "--at", LAST_DAY)
    assert (
        run.code,
        "Mia Torres, 2026-Q4 ends today. Give each key result a final self-score" in run.out,
        "KR4 Ship the new pricing page" in run.out,
    ) == (0, True, True)


def test_scores_answered_in_the_console_are_self_scores_and_no_value_changes(
    imported: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = krs(imported, "mia")
    imported("jobs", "run", "quarter-end", "--platform", "console", "--at", LAST_DAY)
    shown = answer(imported, monkeypatch, "/as mia", "KR1 0.6, KR2 1.0, KR3 0.3分")
    after = krs(imported, "mia")
    assert (
        {k: after[k]["self_score"] for k in ("kr-e1", "kr-e2", "kr-e3", "kr-e4")},
        {k: after[k]["current"] for k in after} == {k: before[k]["current"] for k in before},
        "what is the one thing you would do differently next quarter?" in shown,
    ) == ({"kr-e1": 0.6, "kr-e2": 1.0, "kr-e3": 0.3, "kr-e4": None}, True, True)


def test_the_retro_answer_is_kept_and_shown_in_the_teams_summary(
    imported: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    imported("jobs", "run", "quarter-end", "--platform", "console", "--at", LAST_DAY)
    answer(imported, monkeypatch, "/as raj", "KR1 0.7, KR2 1", "Ship tutorials before search")
    run = imported(
        "jobs", "run", "quarter-end-summary", "--platform", "console", "--at", NEXT_WORKING_DAY
    )
    marketing = run.out.split("post in #marketing")[1].split("└─")[0]
    assert (
        "2026-Q4 summary · Marketing: 1 of 2 scored their key results (not yet: Mia Torres)."
        in marketing,
        "Raise docs satisfaction from 70% to 90%: 0.7 ✓ sweet spot" in marketing,
        "Publish the Chinese docs: 1.0 — too easy?" in marketing,
        "• Raj Patel: “Ship tutorials before search”" in marketing,
    ) == (True, True, True, True)


def test_a_chinese_speaker_scores_in_chinese(
    imported: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    imported("jobs", "run", "quarter-end", "--platform", "console", "--at", LAST_DAY)
    shown = answer(imported, monkeypatch, "/as chen", "第一个KR 0.5分，KR2 7分")
    scores = {k: v["self_score"] for k, v in krs(imported, "chen").items()}
    assert (
        (scores["kr-c1"], scores["kr-c2"]),
        "下个季度,你最想换一种做法的一件事是什么?" in shown,
    ) == ((0.5, 0.7), True)


def test_a_reply_without_scores_is_asked_again_and_changes_nothing(
    imported: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    imported("jobs", "run", "quarter-end", "--platform", "console", "--at", LAST_DAY)
    shown = answer(imported, monkeypatch, "/as mia", "it was a good quarter")
    assert (
        "I could not read scores in that." in shown,
        krs(imported, "mia")["kr-e1"]["self_score"],
    ) == (
        True,
        None,
    )


def test_show_json_gives_status_period_self_score_tasks_and_dependencies(
    imported: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer(
        imported,
        monkeypatch,
        "/as mia",
        "/okr score kr-e2 0.7",
        "/okr task kr-e2 Call five prospects @raj",
        "/okr depend kr-e4 on kr-c1",
    )
    data = json.loads(imported("show", "mia", "--json").out)
    [objective] = data["objectives"]
    by_id = {kr["id"]: kr for kr in objective["key_results"]}
    task = by_id["kr-e2"]["tasks"][0]
    assert (
        (objective["status"], objective["period"]),
        by_id["kr-e2"]["self_score"],
        (task["title"], task["assignee"], task["done"]),
        by_id["kr-e4"]["depends_on"],
    ) == (("draft", "2026-Q4"), 0.7, ("Call five prospects", "raj", False), ["kr-c1"])
