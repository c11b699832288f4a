"""One spelling for the many ways a reply can be typed, with a map back to what was typed.

Full-width forms (Chinese commas, percent signs and digits) are folded with NFKC; chat markup
(Slack mentions and links, `*bold*`, `:emoji:` codes, HTML entities, Feishu `@_user_1`) is
dropped; a few symbols get a word (`✅` reads as "done"). Every character of the normalised
text remembers the span of the original it came from, so snippets quote the person's words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Rewritten pieces, tried left to right; everything else is copied as it is.
_REWRITE = re.compile(
    r"<(?:https?|mailto|tel):[^<>|\s]*(?:\|(?P<label>[^<>]*))?>"  # Slack link: keep its label
    r"|<[@#!][^<>]*>"  # Slack mention, channel or @here: no meaning for the parser
    r"|&(?P<entity>amp|lt|gt|quot|#39);"  # Slack escapes these three (and quotes) in text
    r"|(?<![A-Za-z0-9]):[a-z0-9_+\-]+:(?![A-Za-z0-9])"  # :emoji: codes
    r"|@_user_\d+"  # Feishu mention placeholders
    r"|(?P<checked>\[[xX]\])|(?P<unchecked>\[ \])"  # Markdown task boxes
    r"|(?P<markup>[*~`]|(?<!\w)_|_(?!\w))"  # mrkdwn emphasis, but not snake_case
    r"|(?P<other>[^\x00-\x7f\u4e00-\u9fff\u3001\u3002])"  # non-ASCII outside CJK text
)
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "#39": "'"}
# What NFKC leaves alone but the parser wants plain.
_SYMBOLS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u2192": "→",
    "\u27f6": "→",
    "\u27a1": "→",
    "\u2794": "→",
    "\u21d2": "→",
    "\u2705": " done ",
    "\u2714": " done ",
    "\u2611": " done ",
    "\u274c": " not yet ",
    "\ufe0f": "",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\ufeff": "",
}


@dataclass(frozen=True)
class Source:
    """A reply as the parser reads it (`text`) and as the person wrote it (`original`)."""

    original: str
    text: str
    _starts: tuple[int, ...]  # for each character of `text`, where it starts in `original`
    _ends: tuple[int, ...]  # ... and where it ends

    def quote(self, start: int, end: int) -> str:
        """The original words behind `text[start:end]`, without surrounding blanks."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and (self.text[end - 1].isspace() or self.text[end - 1] in ",;、"):
            end -= 1  # "KR1: 2.4s," quotes as "KR1: 2.4s"
        if start >= end:
            return ""
        return self.original[self._starts[start] : self._ends[end - 1]].strip()


def normalize(original: str) -> Source:
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    copied = 0
    for match in _REWRITE.finditer(original):
        _copy(original, copied, match.start(), pieces, starts, ends)
        replacement = _replacement(match)
        pieces.append(replacement)
        starts.extend([match.start()] * len(replacement))
        ends.extend([match.end()] * len(replacement))
        copied = match.end()
    _copy(original, copied, len(original), pieces, starts, ends)
    return Source(original, "".join(pieces), tuple(starts), tuple(ends))


def blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the given spans turned into spaces, so offsets stay valid."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _copy(
    original: str, start: int, end: int, pieces: list[str], starts: list[int], ends: list[int]
) -> None:
    if start < end:
        pieces.append(original[start:end])
        starts.extend(range(start, end))
        ends.extend(range(start + 1, end + 1))


def _replacement(match: re.Match[str]) -> str:
    if match.group("label") is not None:
        return match.group("label")
    if match.group("entity") is not None:
        return _ENTITIES[match.group("entity")]
    if match.group("checked") is not None:
        return " done "
    if match.group("unchecked") is not None:
        return " not yet "
    other = match.group("other")
    if other is not None:
        if other in _SYMBOLS:
            return _SYMBOLS[other]
        return unicodedata.normalize("NFKC", other)
    return " "
