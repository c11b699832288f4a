"""Readable ids (`o-mia-3`, `kr-mia-3-2`) for what people create without naming."""

from __future__ import annotations

from collections.abc import Callable


def first_free(stem: str, taken: Callable[[str], bool], start: int = 1) -> str:
    """`stem-N` for the smallest N from `start` that is not taken."""
    number = start
    while taken(f"{stem}-{number}"):
        number += 1
    return f"{stem}-{number}"


def objective_stem(owner_id: str) -> str:
    return f"o-{owner_id}"


def key_result_stem(objective_id: str) -> str:
    return f"kr-{objective_id.removeprefix('o-')}"
