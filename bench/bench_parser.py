"""How many check-in replies the parser reads per second, in-process on one core.

usage: python bench/bench_parser.py [CASES.jsonl] [--seconds N] [--cli [--replies N]]

Without a file it reads the replies of tests/parser/replies.jsonl (English and Chinese, every
convention of DESIGN.md); a file in the corpus format (`{"krs", "text", ...}` lines) works too.

`--cli` also measures `okrbot parse --batch FILE` end to end, start-up included, over a file
of at least N replies (default 2,000) made by repeating the cases; the wall time of one run
is what a batch user waits for.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.parser import KeyResultRef, parse_reply  # noqa: E402 (after the path is set)

DEFAULT_CASES = ROOT / "tests" / "parser" / "replies.jsonl"


def load(path: Path) -> list[tuple[str, list[KeyResultRef]]]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            case = json.loads(line)
            cases.append((case["text"], [KeyResultRef.from_contract(kr) for kr in case["krs"]]))
    return cases


def measure(cases: list[tuple[str, list[KeyResultRef]]], seconds: float) -> float:
    for text, krs in cases:  # warm up: imports done lazily (cn2an) and caches of re
        parse_reply(text, krs)
    parsed = 0
    started = time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        for text, krs in cases:
            parse_reply(text, krs)
        parsed += len(cases)
    return parsed / elapsed


def measure_cli(path: Path, replies: int) -> tuple[float, int, float]:
    """Replies/s of one `okrbot parse --batch` run over `path` repeated to `replies` lines
    or more; also the number of lines and the wall time in seconds."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    repeats = -(-replies // len(lines))  # ceiling
    okrbot = shutil.which("okrbot", path=str(Path(sys.executable).parent)) or "okrbot"
    with tempfile.TemporaryDirectory() as folder:
        batch = Path(folder) / "replies.jsonl"
        with batch.open("w", encoding="utf-8") as out:
            for copy in range(repeats):
                for number, line in enumerate(lines):
                    case = json.loads(line)
                    case["id"] = f"{copy}-{number}"  # one output line per input line
                    out.write(json.dumps(case, ensure_ascii=False) + "\n")
        count = repeats * len(lines)
        started = time.perf_counter()
        done = subprocess.run(
            [okrbot, "parse", "--batch", str(batch)], capture_output=True, text=True, check=True
        )
        elapsed = time.perf_counter() - started
    printed = len(done.stdout.splitlines())
    if printed != count:
        raise SystemExit(f"okrbot parse printed {printed} lines for {count} replies")
    return count / elapsed, count, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="?", type=Path, default=DEFAULT_CASES)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument(
        "--cli",
        action="store_true",
        help="also time `okrbot parse --batch` end to end, start-up included",
    )
    parser.add_argument(
        "--replies",
        type=int,
        default=2000,
        help="with --cli: at least this many replies in the batch file",
    )
    args = parser.parse_args()
    cases = load(args.cases)
    rate = measure(cases, args.seconds)
    print(f"{rate:,.0f} replies/s ({len(cases)} distinct replies, one core, in-process)")
    if args.cli:
        cli_rate, count, elapsed = measure_cli(args.cases, args.replies)
        print(
            f"{cli_rate:,.0f} replies/s (okrbot parse --batch, {count:,} replies in "
            f"{elapsed:.2f} s, start-up included)"
        )


if __name__ == "__main__":
    main()
