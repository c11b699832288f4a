"""How long the `okrbot` command takes to start: `okrbot --help` and `okrbot parse --krs` on
one reply, against `python -c "import sqlalchemy"` (the budget is 1.5 times that).

    .venv/bin/python bench/bench_cli.py [--runs 15] [--tree PATH]

Each command runs `--runs` times in a fresh interpreter, after one run that is not counted
(it writes the bytecode); the median wall time is reported. `--tree` measures another
checkout of okrbot (e.g. an older release, made with `git archive`) with this virtual
environment's packages."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).parents[1]
CLI = "import sys; from okrbot.cli import main; sys.exit(main(sys.argv[1:]))"


def median_seconds(argv: list[str], runs: int, cwd: Path, stdin: str = "") -> float:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    subprocess.run(argv, cwd=cwd, env=env, input=stdin, capture_output=True, text=True)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, cwd=cwd, env=env, input=stdin, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--tree", type=Path, default=ROOT, help="the okrbot checkout to time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        krs = Path(folder) / "krs.json"
        krs.write_text(
            '[{"id": "kr1", "title": "Signups", "start": 0, "target": 100, "current": 10}]'
        )
        python = sys.executable
        base = median_seconds([python, "-c", "import sqlalchemy"], args.runs, args.tree)
        rows = [
            ("python -c 'import sqlalchemy'", base),
            ("okrbot --help", median_seconds([python, "-c", CLI, "--help"], args.runs, args.tree)),
            (
                "okrbot parse --krs (one reply)",
                median_seconds(
                    [python, "-c", CLI, "parse", "--krs", str(krs)], args.runs, args.tree, "KR1 47"
                ),
            ),
        ]
    print(f"{args.tree}: median of {args.runs} runs")
    for what, seconds in rows:
        print(f"  {what:34} {seconds * 1000:7.0f} ms  {seconds / base:4.2f}x import sqlalchemy")


if __name__ == "__main__":
    main()
