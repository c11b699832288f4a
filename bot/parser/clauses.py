"""Cutting a reply into pieces that each speak about one KR, or about none yet.

A KR named by number owns the text from its reference to the next reference, within its line
or sentence ("KR1 2.4s, KR2 7"). A numbered-list item owns its line. Text that names no KR by
number is a free piece; the matcher decides later which KR its words point to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.parser.references import Reference, explicit_references, list_markers


@dataclass(frozen=True)
class Piece:
    start: int  # the whole piece, its reference included: what a snippet quotes
    end: int
    body_start: int  # what it says about the KR(s)
    body_end: int
    numbers: tuple[int, ...]  # the KRs it names, 1-based as written; () for a free piece
    positional: bool = False  # named by its place in a numbered list


_LINE = re.compile(r"[^\n]+")
# A full stop ends a sentence when followed by a space, the end or Chinese (not 2.5), and
# when it does not end a common abbreviation ("approx. 47k", "vs. last week", "conf. 7/10").
_SENTENCE_END = re.compile(
    r"[。!?;]+|(?<!\bapprox)(?<!\bvs)(?<!\best)(?<!\bca)(?<!\be\.g)(?<!\bi\.e)(?<!\bincl)(?<!\bno)"
    r"(?<!\bconf)\.(?=\s|$|[\u4e00-\u9fff])",
    re.IGNORECASE,
)
# What may stand between two references that share what follows: "KR1 and KR2 done".
_JOINER = re.compile(r"[\s,、/&+:和及与]*(?:and|&|以及)?[\s,、/&+:]*", re.IGNORECASE)
# Commas, and words that join two statements: what one says of a KR is not said of the other.
_SUB_CLAUSE_END = re.compile(
    r"(?<!\d),|,(?!\d)|、|\s\|\s|\s(?:and|but|while|whereas|because|so(?!\s+far\b)|due\s+to)\s"
    r"|以及|另外|同时|并且|但是|所以|因此|因为|由于|导致|造成",
    re.IGNORECASE,
)
_BLANK = re.compile(r"[\s\W_]*")
# "… on KR2", "… for KR3" end the part they name
_ON_OR_FOR = re.compile(r"\b(?:on|for)\s*$", re.IGNORECASE)
_SAYS_A_NUMBER = re.compile(r"\d|confiden|信心", re.IGNORECASE)
# What normalising made of a check mark or a task box before a reference ("✅", "[x]").
_MARK_ONLY = re.compile(r"[\s\W_]*(?:done|not\s+yet)[\s\W_]*")


def pieces(text: str) -> list[Piece]:
    found: list[Piece] = []
    for line in _LINE.finditer(text):
        start, end = line.span()
        references = [_shift(ref, start) for ref in explicit_references(line.group())]
        markers = [] if references else list_markers(line.group(), start)
        if markers:
            found.extend(_list_items(text, start, end, markers))
        else:
            pending = iter(references)
            reference = next(pending, None)
            for sentence_start, sentence_end in _sentences(text, start, end):
                inside = []
                while reference is not None and reference.start < sentence_end:
                    if reference.start >= sentence_start:
                        inside.append(reference)
                    reference = next(pending, None)
                found.extend(_sentence_pieces(text, sentence_start, sentence_end, inside))
    return found


def sub_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """`text[start:end]` cut at commas and joining words, for pieces that name several KRs
    by their words ("p95 is down to 2.1s, NPS 38")."""
    spans = []
    for match in _SUB_CLAUSE_END.finditer(text, start, end):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, end))
    return [(a, b) for a, b in spans if not is_blank(text[a:b])]


def is_blank(text: str) -> bool:
    """Nothing but spaces, punctuation and symbols (an emoji, a stray dash)."""
    return _BLANK.fullmatch(text) is not None


def _shift(reference: Reference, offset: int) -> Reference:
    return Reference(reference.start + offset, reference.end + offset, reference.number)


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    for match in _SENTENCE_END.finditer(text, start, end):
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, end))
    return [(a, b) for a, b in spans if not is_blank(text[a:b])]


def _list_items(text: str, start: int, end: int, markers: list[Reference]) -> list[Piece]:
    found = []
    if not is_blank(text[start : markers[0].start]):
        found.append(Piece(start, markers[0].start, start, markers[0].start, ()))
    for marker, following in zip(markers, [*markers[1:], None], strict=True):
        stop = following.start if following else end
        found.append(Piece(marker.start, stop, marker.end, stop, (marker.number,), True))
    return found


def _sentence_pieces(text: str, start: int, end: int, references: list[Reference]) -> list[Piece]:
    if not references:
        return [Piece(start, end, start, end, ())]
    found = []
    owned = _owned_before(text, start, end, references)
    # where each reference's piece starts: at the reference, or before it when it owns what
    # comes before ("7/10 on KR2")
    starts = [owned.get(i, reference.start) for i, reference in enumerate(references)]
    lead = Piece(start, starts[0], start, starts[0], ())
    for i, reference in enumerate(references):
        if i in owned:
            found.append(
                Piece(starts[i], reference.end, starts[i], reference.start, (reference.number,))
            )
            continue
        stop = starts[i + 1] if i + 1 < len(references) else end
        found.append(Piece(reference.start, stop, reference.end, stop, (reference.number,)))
    found = _share_joined(text, found)
    if not is_blank(text[lead.start : lead.end]):
        first = found[0]
        if is_blank(text[first.body_start : first.body_end]) and len(found) == 1:
            # "Shipped KR3!": nothing follows the reference, so it owns what came before.
            return [Piece(lead.start, first.end, lead.start, first.start, first.numbers)]
        if _MARK_ONLY.fullmatch(text, lead.start, lead.end):
            # "✅ KR4 launch the program", "[x] KR2 …": the mark is about the KR it precedes
            lead = Piece(lead.start, lead.end, lead.start, lead.end, first.numbers)
        found.insert(0, lead)
    return found


def _owned_before(
    text: str,
    start: int,
    end: int,
    references: list[Reference],
) -> dict[int, int]:
    """References that end their part of the sentence after "on" or "for" ("Confidence 7/10
    on KR2, 5/10 on KR3") own the part before them instead of the one after: which of them
    (by index), and where that part starts."""
    owned: dict[int, int] = {}
    for i in range(len(references) - 1, -1, -1):
        reference = references[i]
        since = references[i - 1].end if i else start
        until = references[i + 1].start if i + 1 < len(references) else end
        if not _ON_OR_FOR.search(text, since, reference.start):
            continue
        boundaries = list(_SUB_CLAUSE_END.finditer(text, since, reference.start))
        if i and not boundaries:
            continue  # nothing between it and the reference before: that one says it
        part_start = boundaries[-1].end() if boundaries else since
        if not _SAYS_A_NUMBER.search(text, part_start, reference.start):
            continue
        # nothing of its own follows it: its part ends with it, and what comes after the next
        # boundary is blank or owned by the next reference
        after = _SUB_CLAUSE_END.search(text, reference.end, until)
        ends_its_part = is_blank(text[reference.end : after.start() if after else until])
        rest_is_taken = (
            after is None
            or is_blank(text[after.end() : until])
            or (owned.get(i + 1, until) <= after.end())
        )
        if ends_its_part and rest_is_taken:
            owned[i] = part_start
    return owned


def _share_joined(text: str, found: list[Piece]) -> list[Piece]:
    """ "KR1 and KR2 done", "KR1、KR2已完成": a reference followed only by a joiner shares the
    body of the next one."""
    merged: list[Piece] = []
    for piece in reversed(found):
        joined = _JOINER.fullmatch(text, piece.body_start, piece.body_end)
        if merged and joined:
            following = merged.pop()
            numbers = tuple(dict.fromkeys(piece.numbers + following.numbers))  # once each
            piece = Piece(
                piece.start, following.end, following.body_start, following.body_end, numbers
            )
        merged.append(piece)
    return merged[::-1]
