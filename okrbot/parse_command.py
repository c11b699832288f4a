"""`okrbot parse`: the reply parser on the command line (DESIGN.md, "The reply parser").

`--krs KRS.json` reads one reply on stdin and prints one JSON object; `--batch FILE.jsonl`
reads `{"id", "krs", "text", ...}` lines and prints one object per line with the same `id`.
A bad file prints one line on stderr and exits with 2, before anything is printed on stdout.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from bot.parser import ContractError, KeyResultRef, parse_reply

USAGE_ERROR = 2


class _BadInput(Exception):
    """A problem with the input, said in one line."""


def run_parse(
    *, krs_path: str | None, batch_path: str | None, stdin: TextIO, stdout: TextIO, stderr: TextIO
) -> int:
    try:
        if (krs_path is None) == (batch_path is None):
            raise _BadInput("give either --krs KRS.json (reply on stdin) or --batch FILE.jsonl")
        if krs_path is not None:
            krs = _key_results(_load_json(krs_path), krs_path)
            text = _read_stdin(stdin)
            print(json.dumps(parse_reply(text, krs).to_contract(), ensure_ascii=False), file=stdout)
            return 0
        assert batch_path is not None
        cases = _batch(batch_path)
    except _BadInput as problem:
        print(f"okrbot parse: {problem}", file=stderr)
        return USAGE_ERROR
    for case_id, krs, text in cases:
        row = {"id": case_id, **parse_reply(text, krs).to_contract()}
        print(json.dumps(row, ensure_ascii=False), file=stdout)
    return 0


def _batch(path: str) -> list[tuple[object, list[KeyResultRef], str]]:
    """Every case of the file, read and checked before any is parsed."""
    cases = []
    for number, line in enumerate(_read_lines(path), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            case = json.loads(line)
        except json.JSONDecodeError as error:
            raise _BadInput(f"{where}: not JSON ({error.msg})") from None
        if not isinstance(case, dict):
            raise _BadInput(f"{where}: expected an object with 'id', 'krs' and 'text'")
        if "id" not in case:
            raise _BadInput(f"{where}: missing 'id'")
        text = case.get("text")
        if not isinstance(text, str):
            raise _BadInput(f"{where}: 'text' must be a string")
        cases.append((case["id"], _key_results(case.get("krs"), where), text))
    return cases


def _key_results(data: object, where: str) -> list[KeyResultRef]:
    if isinstance(data, dict) and "krs" in data:  # {"krs": [...]} as well as [...]
        data = data["krs"]
    if not isinstance(data, list) or not all(isinstance(kr, dict) for kr in data):
        raise _BadInput(f"{where}: 'krs' must be a list of key result objects")
    try:
        return [KeyResultRef.from_contract(kr) for kr in data]
    except ContractError as error:
        raise _BadInput(f"{where}: {error}") from None


def _load_json(path: str) -> object:
    text = _read(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise _BadInput(f"{path}: not JSON ({error.msg}, line {error.lineno})") from None


def _read_lines(path: str) -> Sequence[str]:
    # Not splitlines(): a JSON string may hold U+2028, which is no line end in JSONL.
    return _read(path).split("\n")


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as file:
            return file.read()
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise _BadInput(f"cannot read {path}: {reason}") from None


def _read_stdin(stdin: TextIO) -> str:
    try:
        return stdin.read()
    except UnicodeDecodeError as error:
        raise _BadInput(f"the reply on stdin is not UTF-8 text ({error.reason})") from None
