import io
import json

from okrbot.cli import main


def test_a_piped_console_check_in_lands_in_the_database(imported, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("/as mia\n/okr\n/checkin mia\nKR1 47k, KR2 5\n"))
    shown = imported("console").out
    data = json.loads(imported("show", "mia", "--json").out)
    values = {kr["id"]: kr["current"] for o in data["objectives"] for kr in o["key_results"]}
    assert ("Time for your check-in, Mia Torres!" in shown,
            "45,000 → 47,000 users (35%)" in shown,
            (values["kr-e1"], values["kr-e2"])) == (True, True, (47_000, 5))


def test_the_demo_runs_a_conversation_and_exits_cleanly(capsys) -> None:
    code = main(["demo"])
    out = capsys.readouterr().out
    assert (code, "mia> KR1 47.5k" in out, "I did not understand" in out,
            "本次不更新" in out) == (0, True, True, True)
