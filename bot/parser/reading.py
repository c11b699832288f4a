"""Everything one clause says about one KR: its value, confidence, whether it is blocked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.parser.confidence import find_confidences
from bot.parser.events import happened
from bot.parser.model import KeyResultRef
from bot.parser.noise import noise_spans
from bot.parser.normalize import blank_spans
from bot.parser.ordinals import count_reached
from bot.parser.quantities import find_quantities
from bot.parser.status import find_blocker, says_done, says_half, says_no_update, skip_spans
from bot.parser.units import Unit
from bot.parser.values import progress_value, valuate


@dataclass(frozen=True)
class ClauseReading:
    value: float | None
    confidence: float | None  # for this KR
    overall_confidence: float | None  # "overall …" inside the clause: for the whole reply
    blocked: bool
    reason: tuple[int, int] | None  # where the blocked reason is, in the clause
    understood: bool  # it said something the parser read, even "not yet"

    @property
    def changes_anything(self) -> bool:
        return self.value is not None or self.confidence is not None or self.blocked


def read_clause(text: str, kr: KeyResultRef, unit: Unit | None, *, shared: bool) -> ClauseReading:
    """What `text` says about `kr`. A clause `shared` by several KRs ("KR1 and KR2 done")
    gives none of them its confidence: that goes to the reply."""
    titled = blank_spans(text, _title_spans(text, kr))
    masked = blank_spans(titled, noise_spans(text))
    confidences = find_confidences(masked)
    masked = blank_spans(masked, [(c.start, c.end) for c in confidences])
    own = [c.value for c in confidences if not c.overall and not shared]
    overall = [c.value for c in confidences if c.overall or shared]

    blocker = find_blocker(masked)
    stated = masked[: blocker.start] if blocker else masked  # the reason holds no values
    quantities = find_quantities(stated)
    valuation = valuate(stated, quantities, kr, unit)
    value = valuation.value
    if valuation.quantity is None and value is None:
        if says_half(stated):  # "half done", "完成了一半"; a milestone is not half of anything
            value = None if says_no_update(stated) else progress_value(kr, 0.5)
        elif says_done(stated, _verb(kr), _event(kr)) and blocker is None:  # not "App发布被阻塞"
            value = kr.target
        if value is None and blocker is None:  # "第三个分仓投入使用": 第三 was masked as noise
            value = count_reached(titled, kr)
    if valuation.confidence is not None:  # a bare "7/10" gives way to a named confidence
        (overall if shared else own).insert(0, valuation.confidence)
    understood = (
        value is not None
        or bool(confidences)
        or valuation.confidence is not None
        or blocker is not None
        or says_no_update(masked)
        or bool(skip_spans(masked))
    )
    return ClauseReading(
        value=value,
        confidence=own[-1] if own else None,
        overall_confidence=overall[-1] if overall else None,
        blocked=blocker is not None,
        reason=blocker.reason if blocker else None,
        understood=understood,
    )


def _verb(kr: KeyResultRef) -> str:
    """The verb a milestone's title starts with ("Close the Series B round"), if English."""
    first = kr.title.split(maxsplit=1)[0].lower() if kr.title.strip() else ""
    return first if kr.kind == "milestone" and first.isascii() and first.isalpha() else ""


def _event(kr: KeyResultRef) -> re.Pattern[str] | None:
    """What says a milestone's own event happened ("SLA approved" for "Get the SLA signed")."""
    return happened(kr.title) if kr.kind == "milestone" else None


def _title_spans(text: str, kr: KeyResultRef) -> list[tuple[int, int]]:
    """A KR title copied into the reply carries its own numbers ("from 3.0s to 1.5s")."""
    title = kr.title.lower()
    if len(title) < 8:
        return []
    spans = []
    lowered = text.lower()
    start = lowered.find(title)
    while start >= 0:
        spans.append((start, start + len(title)))
        start = lowered.find(title, start + len(title))
    return spans
