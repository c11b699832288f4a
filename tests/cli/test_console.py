import io
import json

from okrbot.cli import main
from okrbot.fortnight import run_fortnight
from okrbot.settings import Settings
from tests.workspace import example_table


def test_a_piped_console_check_in_lands_in_the_database(imported, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("/as mia\n/okr\n/checkin mia\nKR1 47k, KR2 5\n"))
    shown = imported("console").out
    data = json.loads(imported("show", "mia", "--json").out)
    values = {kr["id"]: kr["current"] for o in data["objectives"] for kr in o["key_results"]}
    assert (
        "Time for your check-in, Mia Torres!" in shown,
        "45,000 → 47,000 users (35%)" in shown,
        (values["kr-e1"], values["kr-e2"]),
    ) == (True, True, (47_000, 5))


def test_the_demo_shows_a_draft_submitted_agreed_and_scored(capsys) -> None:
    main(["demo"])
    out = capsys.readouterr().out
    assert (
        "Drafted o-raj-2" in out,
        "Raj Patel asks you to agree Make docs the place engineers start" in out,
        "Mia Torres agreed Make docs the place engineers start" in out,
        '"Publish 8 tutorials": final self-score 0.7 ✓ the sweet spot.' in out,
    ) == (True, True, True, True)


def test_the_demo_runs_a_conversation_and_exits_cleanly(capsys) -> None:
    code = main(["demo"])
    out = capsys.readouterr().out
    assert (code, "mia> KR1 47.5k" in out, "I did not understand" in out, "本次不更新" in out) == (
        0,
        True,
        True,
        True,
    )


def test_the_demos_fortnight_ends_with_someones_delivery_log(tmp_path) -> None:
    out = io.StringIO()
    weeks = Settings(_env_file=None, OKRBOT_DATABASE_URL=f"sqlite:///{tmp_path / 'weeks.db'}")
    run_fortnight(weeks, example_table(), out, days=2)
    assert "• Mon 2 Nov 10:00 · weekly check-in · answered" in out.getvalue()
