"""Placing each stretch of a reply with the KR(s) it is about, or with none.

Pieces named by number keep their KR, except a later part whose own words clearly name
another ("KR1 2.4s, NPS 38"). A list item whose words clearly name another KR, and none of
its own, goes to that one. Free pieces go, part by part, to the KR their words point at; a
part about something else ("the outage lasted 6 hours") goes nowhere. A confidence ending a
list of KRs on one line is the reply's ("KR1 47k, KR2 done, confidence 7/10").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.parser.clauses import Piece, is_blank, pieces, sub_clauses
from bot.parser.confidence import find_confidences, lone_out_of_ten
from bot.parser.matching import Matcher
from bot.parser.noise import noise_spans
from bot.parser.normalize import blank_spans
from bot.parser.quantities import find_quantities
from bot.parser.status import says_done
from bot.parser.words import content_words

_OUT_OF_TEN = re.compile(r"\d\s*/\s*10\b")


@dataclass(frozen=True)
class Clause:
    """A stretch of the reply given to one or more KRs (0-based indexes)."""

    krs: tuple[int, ...]
    start: int  # what a snippet quotes
    end: int
    body_start: int  # what is read
    body_end: int
    named: bool  # by number or list position, not by its words


@dataclass
class Placement:
    clauses: list[Clause] = field(default_factory=list)
    loose: list[tuple[int, int]] = field(default_factory=list)  # spans about no KR
    missing: list[tuple[int, int]] = field(default_factory=list)  # naming KRs that don't exist


def place(text: str, count: int, matcher: Matcher) -> Placement:
    """Where `text` (normalised) speaks about which of the `count` KRs."""
    placement = Placement()
    for piece in pieces(text):
        if not piece.numbers:
            _place_free(text, piece.start, piece.end, matcher, placement)
            continue
        indexes = tuple(n - 1 for n in piece.numbers if 1 <= n <= count)
        if not indexes:  # "KR5 10" when there are four: changes nothing
            placement.missing.append((piece.start, piece.end))
            continue
        if piece.positional:
            indexes = _reconsider_position(text, piece, indexes, matcher)
        _place_named(text, piece, indexes, matcher, placement)
    _free_list_confidence(text, placement)
    return placement


def _free_list_confidence(text: str, placement: Placement) -> None:
    """ "KR1 47k, KR2 done, confidence 7/10": a confidence that ends a list of KRs on one line,
    after a comma and naming none, is said of the whole reply (the check-in prompt teaches
    it so), unless the list gives its KRs a confidence each ("KR1 …,信心8;KR2 …,信心6")."""
    lines: dict[int, list[int]] = {}
    for i, clause in enumerate(placement.clauses):
        lines.setdefault(text.count("\n", 0, clause.start), []).append(i)
    for indexes in lines.values():
        clauses = [placement.clauses[i] for i in indexes]
        if len({clause.krs for clause in clauses}) < 2:
            continue
        last_index = max(indexes, key=lambda i: placement.clauses[i].start)
        last = placement.clauses[last_index]
        parts = sub_clauses(text, last.body_start, last.body_end)
        if len(parts) < 2 or "," not in text[parts[-2][1] : parts[-1][0]]:
            continue
        tail_start, tail_end = parts[-1]
        if not _only_a_confidence(text[tail_start:tail_end]) or any(
            _has_confidence(text[c.body_start : c.body_end]) for c in clauses if c != last
        ):
            continue
        placement.clauses[last_index] = Clause(
            last.krs, last.start, parts[-2][1], last.body_start, parts[-2][1], last.named
        )
        placement.loose.append((tail_start, tail_end))


def _only_a_confidence(text: str) -> bool:
    said = [(c.start, c.end) for c in find_confidences(text)]
    if not said and (lone := lone_out_of_ten(text)) is not None:
        said = [(lone.start, lone.end)]
    rest = blank_spans(text, said)
    return bool(said) and not content_words(rest) and not any(char.isdigit() for char in rest)


def _has_confidence(text: str) -> bool:
    return bool(find_confidences(text)) or _OUT_OF_TEN.search(text) is not None


def _place_free(text: str, start: int, end: int, matcher: Matcher, placement: Placement) -> None:
    """A part that points nowhere belongs with the part before it ("20 services on k8s now,
    confidence 6/10"); parts before the first placed one stay loose."""
    placed: list[Clause] = []
    loose: list[tuple[int, int]] = []
    parts = sub_clauses(text, start, end)
    elsewhere = False  # the last part was about something else: what follows is not the KR's
    any_else = False
    for part_start, part_end in parts:
        index, about_else = _match(text, part_start, part_end, matcher)
        any_else = any_else or about_else
        last = placed[-1] if placed else None
        if index is not None and (last is None or last.krs != (index,)):
            placed.append(Clause((index,), part_start, part_end, part_start, part_end, False))
        elif about_else or (elsewhere and index is None):
            if elsewhere:
                loose[-1] = (loose[-1][0], part_end)
            else:
                loose.append((part_start, part_end))
        elif last is not None:
            placed[-1] = Clause(last.krs, last.start, part_end, last.body_start, part_end, False)
        elif loose:  # "Confidence: medium, 5/10": loose parts before any placed one are one
            loose[-1] = (loose[-1][0], part_end)
        else:
            loose.append((part_start, part_end))
        elsewhere = (about_else or elsewhere) and index is None
    if not placed and len(parts) > 1 and not any_else:  # words may add up across the parts
        index, _ = _match(text, start, end, matcher)
        if index is not None:
            placed, loose = [Clause((index,), start, end, start, end, False)], []
    placement.clauses.extend(placed)
    placement.loose.extend(loose)


def _place_named(
    text: str, piece: Piece, indexes: tuple[int, ...], matcher: Matcher, placement: Placement
) -> None:
    current = Clause(indexes, piece.start, piece.end, piece.body_start, piece.body_end, True)
    for part_start, part_end in sub_clauses(text, piece.body_start, piece.body_end)[1:]:
        part = text[part_start:part_end]
        if not content_words(part):  # "confidence 6/10", "12 so far": no KR's words
            continue
        index = matcher.best(matcher.title_scores(part))
        says_something = bool(find_quantities(part)) or says_done(part)
        if index is not None and index not in current.krs and says_something:
            placement.clauses.append(
                Clause(
                    current.krs,
                    current.start,
                    part_start,
                    current.body_start,
                    part_start,
                    current.named,
                )
            )
            current = Clause((index,), part_start, piece.end, part_start, piece.body_end, False)
    placement.clauses.append(current)


def _reconsider_position(
    text: str, piece: Piece, indexes: tuple[int, ...], matcher: Matcher
) -> tuple[int, ...]:
    """People do not always list KRs in the check-in's order."""
    scores = matcher.title_scores(text[piece.body_start : piece.body_end])
    index = matcher.best(scores)
    if index is not None and all(scores[i] == 0 for i in indexes):
        return (index,)
    return indexes


def _match(text: str, start: int, end: int, matcher: Matcher) -> tuple[int | None, bool]:
    """The KR `text[start:end]` is about, if one clearly leads; and whether it is about
    something else, which only a unit would have tied to a KR ("the outage lasted 6 hours")."""
    part = text[start:end]
    if is_blank(part):
        return None, False
    # "~70% confident", "七成把握": a confidence's number is no quantity of any KR's unit
    said = [(c.start, c.end) for c in find_confidences(part)]
    read = blank_spans(part, [*noise_spans(part), *said])
    quantities = find_quantities(read)
    title_scores = matcher.title_scores(part)
    index = matcher.best(matcher.scores(part, quantities, title_scores))
    if matcher.about_something_else(read, quantities, index, title_scores):
        return None, True
    return index, False
