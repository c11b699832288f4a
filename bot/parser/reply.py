"""`parse_reply`: a check-in reply in, KR updates out, with what could not be placed."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.parser.confidence import find_confidences, lone_out_of_ten
from bot.parser.matching import Matcher
from bot.parser.model import KeyResultRef, KeyResultUpdate, ParsedReply
from bot.parser.normalize import Source, blank_spans, normalize
from bot.parser.placement import Clause, place
from bot.parser.reading import ClauseReading, read_clause
from bot.parser.status import skip_spans
from bot.parser.words import content_words

# Snippets quote the original, so full-width punctuation too.
_LEADING_PUNCTUATION = re.compile("^[\\s:;,.\\-=\uff1a\uff1b\uff0c\u3002\u3001]+")


@dataclass
class _Heard:
    """What the reply said, before it is put together into updates."""

    readings: dict[int, list[tuple[ClauseReading, Clause]]] = field(default_factory=dict)
    confidences: list[tuple[int, float]] = field(default_factory=list)  # (where, value)
    unplaced: list[tuple[int, str]] = field(default_factory=list)  # (where, fragment)
    skip: bool = False


def parse_reply(text: str, krs: Sequence[KeyResultRef]) -> ParsedReply:
    """Read a check-in reply about `krs` (numbered 1..N in this order). Pure: no I/O."""
    source = normalize(text)
    matcher = Matcher.of(krs)
    placement = place(source.text, len(krs), matcher)
    heard = _Heard(unplaced=[(start, source.quote(start, end)) for start, end in placement.missing])
    loose = list(placement.loose)
    for clause in placement.clauses:
        body = source.text[clause.body_start : clause.body_end]
        readings = [
            read_clause(body, krs[i], matcher.units[i], shared=len(clause.krs) > 1)
            for i in clause.krs
        ]
        if not clause.named and not any(reading.understood for reading in readings):
            loose.append((clause.start, clause.end))  # its words named a KR, but it says nothing
            continue
        heard.skip = heard.skip or (not clause.named and bool(skip_spans(body)))
        for index, reading in zip(clause.krs, readings, strict=True):
            heard.readings.setdefault(index, []).append((reading, clause))
            if reading.overall_confidence is not None:
                heard.confidences.append((clause.body_start, reading.overall_confidence))
    for start, end in loose:
        _hear_loose(source, start, end, heard)

    updates = [
        update
        for index in sorted(heard.readings)  # in the check-in's order
        if (update := _update(krs[index], heard.readings[index], source)) is not None
    ]
    skipped = heard.skip and not any(_changes(update) for update in updates)
    return ParsedReply(
        skipped=skipped,
        confidence=max(heard.confidences)[1] if heard.confidences else None,  # the last said
        updates=() if skipped else tuple(updates),
        # a skipped check-in needs no "I did not understand" about the rest of it
        unplaced=() if skipped else tuple(f for _, f in sorted(heard.unplaced) if f),
    )


def _hear_loose(source: Source, start: int, end: int, heard: _Heard) -> None:
    """Text about no KR: a confidence for the whole reply, a skip, or not understood."""
    fragment = source.text[start:end]
    confidences = find_confidences(fragment)
    lone = None if confidences else lone_out_of_ten(fragment)
    if lone is not None:
        confidences = [lone]
    heard.confidences.extend((start + c.start, c.value) for c in confidences)
    skips = skip_spans(fragment)
    heard.skip = heard.skip or bool(skips)
    rest = blank_spans(fragment, [(c.start, c.end) for c in confidences])
    if _says_something(rest):
        heard.unplaced.append((start, source.quote(start, end)))


def _update(
    kr: KeyResultRef, readings: list[tuple[ClauseReading, Clause]], source: Source
) -> KeyResultUpdate | None:
    """All a reply says about one KR; later statements win."""
    value = confidence = None
    blocked = False
    comments: list[str] = []
    quotes: list[str] = []
    for reading, clause in readings:
        if reading.value is not None:
            value = reading.value
        if reading.confidence is not None:
            confidence = reading.confidence
        blocked = blocked or reading.blocked
        if reading.reason is not None:
            comments.append(
                source.quote(
                    clause.body_start + reading.reason[0], clause.body_start + reading.reason[1]
                )
            )
        elif not reading.understood:
            # named by number but not understood: kept as a comment, never guessed into a value
            said = _LEADING_PUNCTUATION.sub("", source.quote(clause.body_start, clause.body_end))
            if _says_something(said):
                comments.append(said)
        quotes.append(source.quote(clause.start, clause.end))
    comment = "; ".join(c for c in comments if c) or None
    if value is None and confidence is None and not blocked and comment is None:
        return None
    return KeyResultUpdate(kr.id, value, confidence, blocked, comment, " … ".join(quotes))


def _says_something(text: str) -> bool:
    """More than greetings, filler and punctuation."""
    return bool(content_words(text)) or any(char.isdigit() for char in text)


def _changes(update: KeyResultUpdate) -> bool:
    return update.value is not None or update.confidence is not None or update.blocked
