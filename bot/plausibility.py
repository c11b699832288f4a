"""Whether a value read from a reply is one anybody would mean for the KR. An implausible one
is shown back to the person before it is stored; nothing here refuses a value."""

from __future__ import annotations

import math

from bot.model import KeyResult, KeyResultKind

_FAR = 10  # more than this many times away from both the start and the target
# Scales people slip between: thousands (k), ten-thousands (万), millions, and back.
_SCALES = (1e3, 1e4, 1e6)


def is_plausible(kr: KeyResult, value: float) -> bool:
    """Outside 0–100 on a % KR, negative where the KR cannot be, more than ten times away
    from both its start and its target, or back by more than its whole range: implausible."""
    if kr.kind is KeyResultKind.MILESTONE:
        return True
    if kr.unit.strip().startswith("%") and not 0 <= value <= 100:
        return False
    low, high = sorted((kr.start, kr.target))
    if value < 0 <= low:
        return False
    largest = max(abs(kr.start), abs(kr.target))
    smallest = min(abs(kr.start), abs(kr.target))
    if abs(value) > _FAR * largest or (low > 0 and abs(value) < smallest / _FAR):
        return False
    backwards = (value - kr.current) * (kr.target - kr.start) < 0
    return not (backwards and abs(value - kr.current) > high - low)


def likely_meant(kr: KeyResult, value: float) -> float | None:
    """The same digits on the KR's own scale, when exactly that reads plausibly: `47` on a
    KR from 40,000 to 60,000 is likely 47,000; `3万` (30,000) on a % KR likely 3."""
    if value == 0:
        return None
    rescaled = [float(f"{value * s:.12g}") for s in _SCALES] + [value / s for s in _SCALES]
    # A KR counted in whole numbers (partners, posts) is offered whole numbers only.
    whole = all(float(n).is_integer() for n in (kr.start, kr.target, kr.current))
    candidates = [
        c for c in rescaled if is_plausible(kr, c) and (not whole or float(c).is_integer())
    ]
    if not candidates:
        return None
    near = kr.current or (kr.start + kr.target) / 2
    return min(candidates, key=lambda c: abs(math.log10(abs(c) / abs(near))) if near else abs(c))
