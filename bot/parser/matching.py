"""Which KR a clause that names none by number is about, from its words and units.

Each KR's title and unit give it words; a word shared by several KRs counts for less. A
quantity whose unit only some KRs have (`2.5小时`, `99.8%`) points at those. A clause is
placed only when one KR clearly leads; otherwise it stays unplaced rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property

from rapidfuzz import fuzz, process

from bot.parser.model import KeyResultRef
from bot.parser.quantities import Quantity
from bot.parser.units import Unit, fit, kr_unit
from bot.parser.words import content_words

_ENOUGH = 1.0  # one word only this KR has, or two it shares with one other
_LEAD = 0.5  # how far ahead of the next KR the best must be
_FUZZY_CUTOFF = 85  # rapidfuzz ratio: "custmer" meets "customer", "cost" does not meet "cast"
_PREFIX = 5  # "avail" meets "availability"


_TITLE_WORD = re.compile(r"[A-Za-z]+")
_INITIALISM = (3, 4)  # MAU, CPL, ARPU: shorter ones are too often words
_CAPITALS = re.compile(r"(?<![A-Za-z])[A-Z]{3,4}s?(?![A-Za-z])")  # "MAU", "CPLs"


def initialisms(title: str) -> set[str]:
    """What the runs of a title's words are abbreviated to: "monthly active users" is "MAU",
    "cost per lead" "CPL". Not for capitals: "NPS" in a title is its own word."""
    words = _TITLE_WORD.findall(title)
    found = set()
    for size in _INITIALISM:
        for i in range(len(words) - size + 1):
            run = words[i : i + size]
            if all(len(word) > 1 and word[1:].islower() for word in run):
                found.add("".join(word[0] for word in run).upper())
    return found


class Matcher:
    """The words and units of the KRs of one check-in."""

    def __init__(self, krs: Sequence[KeyResultRef]) -> None:
        self.units: list[Unit | None] = [kr_unit(kr.unit) for kr in krs]
        self._krs = krs
        self._count = len(krs)

    @cached_property
    def _owners(self) -> dict[str, set[int]]:
        """Which KRs each word names. Built on first use: most replies name KRs by number."""
        owners: dict[str, set[int]] = {}
        for index, kr in enumerate(self._krs):
            for word in content_words(f"{kr.title} {kr.unit}"):
                owners.setdefault(word, set()).add(index)
        return owners

    @cached_property
    def _abbreviations(self) -> dict[str, set[int]]:
        """Which KRs an abbreviation in capitals names ("MAU" for "monthly active users")."""
        owners: dict[str, set[int]] = {}
        for index, kr in enumerate(self._krs):
            for abbreviation in initialisms(kr.title):
                owners.setdefault(abbreviation, set()).add(index)
        return owners

    @cached_property
    def _latin(self) -> list[str]:
        return [word for word in self._owners if word.isascii() and len(word) >= 4]

    def title_scores(self, text: str) -> list[float]:
        """How strongly the words of `text` point at each KR; a word shared by n KRs gives
        each of them 1/n."""
        scores = [0.0] * self._count
        for word in {self._known(word) for word in content_words(text)}:
            if word is not None:
                owners = self._owners[word]
                for index in owners:
                    scores[index] += 1 / len(owners)
        for abbreviation in {a.rstrip("s") for a in _CAPITALS.findall(text)}:
            if abbreviation.lower() not in self._owners:  # a word of a title: counted above
                for index in self._abbreviations.get(abbreviation, ()):
                    scores[index] += 1 / len(self._abbreviations[abbreviation])
        return scores

    def scores(self, text: str, quantities: Sequence[Quantity]) -> list[float]:
        """Title words plus units that only some KRs are counted in."""
        scores = self.title_scores(text)
        for quantity in quantities:
            if quantity.written.ambiguous:  # "4.5分" may be minutes or a score: names no KR
                continue
            exact = [i for i, unit in enumerate(self.units) if fit(quantity.written, unit) == 2]
            if 0 < len(exact) < self._count:
                for index in exact:
                    scores[index] += 1 / len(exact)
        return scores

    @staticmethod
    def best(scores: Sequence[float]) -> int | None:
        """The KR that clearly leads, if any."""
        if not scores:
            return None
        ranked = sorted(range(len(scores)), key=lambda i: scores[i], reverse=True)
        top = scores[ranked[0]]
        runner_up = scores[ranked[1]] if len(ranked) > 1 else 0.0
        if top >= _ENOUGH and top - runner_up >= _LEAD:
            return ranked[0]
        return None

    def _known(self, word: str) -> str | None:
        """`word` as the KRs spell it: exactly, nearly (a typo, another inflection), or as the
        start of a longer word."""
        if word in self._owners:
            return word
        if not word.isascii() or len(word) < 3:
            return None
        for variant in _variants(word):  # "hired" meets "hire", "shipped" meets "ship"
            if variant in self._owners:
                return variant
        if len(word) < 4:
            return None
        close = process.extractOne(word, self._latin, scorer=fuzz.ratio,
                                   score_cutoff=_FUZZY_CUTOFF)
        if close is not None:
            return str(close[0])
        if len(word) >= _PREFIX:
            for known in self._latin:
                if len(known) >= _PREFIX and (known.startswith(word) or word.startswith(known)):
                    return known
        return None


def _variants(word: str) -> tuple[str, ...]:
    """Other spellings of a stem: its final e restored or dropped, a doubled consonant single."""
    variants = [word[:-1] if word.endswith("e") else word + "e"]
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "aeioulsz":
        variants.append(word[:-1])
    return tuple(variants)
