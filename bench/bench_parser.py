"""How many check-in replies the parser reads per second, in-process on one core.

usage: python bench/bench_parser.py [CASES.jsonl] [--seconds N]

Without a file it reads the replies of tests/parser/replies.jsonl (English and Chinese, every
convention of DESIGN.md); a file in the corpus format (`{"krs", "text", ...}` lines) works too.
"""

from __future__ import annotations

import argparse
import json
import sys
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="?", type=Path, default=DEFAULT_CASES)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    cases = load(args.cases)
    rate = measure(cases, args.seconds)
    print(f"{rate:,.0f} replies/s ({len(cases)} distinct replies, one core, in-process)")


if __name__ == "__main__":
    main()
