"""`okrbot parse --krs` and `okrbot parse --batch` (the CLI glue of the parser)."""

import io
import json
from pathlib import Path

from okrbot.parse_command import run_parse

KRS = [
    {
        "id": "deals",
        "title": "Close 40 partner deals",
        "start": 0,
        "target": 40,
        "current": 10,
        "unit": "deals",
        "kind": "metric",
    }
]


def run(
    *, krs_path: str | None = None, batch_path: str | None = None, reply: str = ""
) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run_parse(
        krs_path=krs_path,
        batch_path=batch_path,
        stdin=io.StringIO(reply),
        stdout=stdout,
        stderr=stderr,
    )
    return code, stdout.getvalue(), stderr.getvalue()


def test_krs_file_and_reply_on_stdin_print_one_contract_object(tmp_path: Path) -> None:
    krs = tmp_path / "krs.json"
    krs.write_text(json.dumps(KRS))
    code, out, _ = run(krs_path=str(krs), reply="KR1 12, confidence 7/10")
    assert (code, json.loads(out)) == (
        0,
        {
            "skipped": False,
            "confidence": None,
            "updates": [
                {"kr": "deals", "value": 12.0, "confidence": 0.7, "blocked": False, "comment": None}
            ],
        },
    )


def test_batch_prints_one_line_per_case_with_its_id(tmp_path: Path) -> None:
    batch = tmp_path / "cases.jsonl"
    batch.write_text(
        "\n".join(
            json.dumps({"id": f"c{i}", "krs": KRS, "text": text})
            for i, text in enumerate(["KR1 12", "skip"])
        )
        + "\n"
    )
    code, out, _ = run(batch_path=str(batch))
    rows = [json.loads(line) for line in out.splitlines()]
    assert (code, [(row["id"], row["skipped"]) for row in rows]) == (
        0,
        [("c0", False), ("c1", True)],
    )


def test_a_missing_file_is_one_line_on_stderr_and_exit_code_2(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    assert run(krs_path=str(missing)) == (
        2,
        "",
        f"okrbot parse: cannot read {missing}: No such file or directory\n",
    )


def test_a_batch_line_that_is_not_json_names_its_line(tmp_path: Path) -> None:
    batch = tmp_path / "cases.jsonl"
    batch.write_text(json.dumps({"id": 1, "krs": KRS, "text": "KR1 12"}) + "\n{oops\n")
    code, out, err = run(batch_path=str(batch))
    assert (code, out, err.startswith(f"okrbot parse: {batch}:2: not JSON")) == (2, "", True)


def test_a_bad_key_result_in_a_batch_names_its_line_and_field(tmp_path: Path) -> None:
    batch = tmp_path / "cases.jsonl"
    bad = [{**KRS[0], "target": "forty"}]
    batch.write_text(json.dumps({"id": 1, "krs": bad, "text": "KR1 12"}) + "\n")
    assert run(batch_path=str(batch)) == (
        2,
        "",
        f"okrbot parse: {batch}:1: key result 'deals': 'target' must be a finite number\n",
    )


def test_a_batch_case_without_text_is_refused(tmp_path: Path) -> None:
    batch = tmp_path / "cases.jsonl"
    batch.write_text(json.dumps({"id": 1, "krs": KRS}) + "\n")
    assert run(batch_path=str(batch)) == (
        2,
        "",
        f"okrbot parse: {batch}:1: 'text' must be a string\n",
    )


def test_krs_that_are_not_a_list_are_refused(tmp_path: Path) -> None:
    krs = tmp_path / "krs.json"
    krs.write_text('{"id": "deals"}')
    assert run(krs_path=str(krs)) == (
        2,
        "",
        f"okrbot parse: {krs}: 'krs' must be a list of key result objects\n",
    )


def test_neither_krs_nor_batch_is_a_usage_error() -> None:
    assert run() == (
        2,
        "",
        "okrbot parse: give either --krs KRS.json (reply on stdin) or --batch FILE.jsonl\n",
    )
