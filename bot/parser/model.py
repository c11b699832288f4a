"""What the reply parser takes and gives: the KRs a check-in asked about, and what it read.

The dictionary shapes are the contract in DESIGN.md ("The reply parser"); other tools rely on
them, so `from_contract` and `to_contract` are the only places that know the keys.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

KINDS = ("metric", "milestone")


class ContractError(ValueError):
    """A key result given to the parser does not follow the contract."""


@dataclass(frozen=True)
class KeyResultRef:
    """A KR the check-in asked about; the check-in numbered them 1..N in list order."""

    id: str
    title: str
    start: float
    target: float
    current: float
    unit: str
    kind: str  # "metric" | "milestone"

    @classmethod
    def from_contract(cls, data: Mapping[str, object]) -> KeyResultRef:
        """Build from `{"id", "title", "start", "target", "current", "unit", "kind"}`.

        A milestone may leave out its numbers (it goes from 0 to 1); `current` defaults to
        `start` and `unit` to "". Raises ContractError naming the KR and the field.
        """
        kr_id = data.get("id")
        if not isinstance(kr_id, str) or not kr_id:
            raise ContractError("a key result needs a non-empty string 'id'")
        title = data.get("title", "")
        if not isinstance(title, str):
            raise ContractError(f"key result {kr_id!r}: 'title' must be a string")
        kind = data.get("kind") or "metric"
        if kind not in KINDS:
            raise ContractError(f"key result {kr_id!r}: 'kind' must be 'metric' or 'milestone'")
        unit = data.get("unit") or ""
        if not isinstance(unit, str):
            raise ContractError(f"key result {kr_id!r}: 'unit' must be a string")
        default_target = 1.0 if kind == "milestone" else None
        start = _number(data, "start", kr_id, 0.0 if kind == "milestone" else None)
        target = _number(data, "target", kr_id, default_target)
        current = _number(data, "current", kr_id, start)
        return cls(kr_id, title, start, target, current, unit, str(kind))


@dataclass(frozen=True)
class KeyResultUpdate:
    """What the reply says about one KR. `value` is absolute, in the KR's unit."""

    kr: str
    value: float | None
    confidence: float | None
    blocked: bool
    comment: str | None
    source_text: str  # the part of the reply this update was read from


@dataclass(frozen=True)
class ParsedReply:
    skipped: bool
    confidence: float | None  # said for the whole reply, not for one KR
    updates: tuple[KeyResultUpdate, ...]
    unplaced: tuple[str, ...]  # fragments the parser could not place, in reply order

    def to_contract(self) -> dict[str, object]:
        return {
            "skipped": self.skipped,
            "confidence": self.confidence,
            "updates": [
                {
                    "kr": update.kr,
                    "value": update.value,
                    "confidence": update.confidence,
                    "blocked": update.blocked,
                    "comment": update.comment,
                }
                for update in self.updates
            ],
        }


def _number(data: Mapping[str, object], key: str, kr_id: str, default: float | None) -> float:
    raw = data.get(key)
    if raw is None and default is not None:
        return default
    # bool is an int in Python, but `true` is no start value
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise ContractError(f"key result {kr_id!r}: {key!r} must be a finite number")
    return float(raw)
