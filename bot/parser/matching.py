"""Which KR a clause that names none by number is about, from its words and units.

Each KR's title and unit give it words; a word shared by several KRs counts for less. Words
also name KRs across languages and in short forms (`glossary`, `abbreviations`): "客户满意度"
names "Raise CSAT to 4.8", "MTTR" names "mean time to repair". A quantity whose unit only some
KRs have (`2.5小时`, `99.8%`) points at those, unless the clause's own words are about
something else ("the outage lasted 6 hours"). A clause is placed only when one KR clearly
leads; otherwise it stays unplaced rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import pairwise
from typing import Protocol

from rapidfuzz import fuzz, process

from bot.parser.abbreviations import abbreviates, chinese_short_form, title_words
from bot.parser.glossary import concepts
from bot.parser.model import KeyResultRef
from bot.parser.quantities import Quantity
from bot.parser.units import Dimension, Unit, fit, kr_unit
from bot.parser.words import content_words, stem, word_groups

_ENOUGH = 1.0  # one word only this KR has, or two it shares with one other
_LEAD = 0.5  # how far ahead of the next KR the best must be
_FUZZY_CUTOFF = 85  # rapidfuzz ratio: "custmer" meets "customer", "cost" does not meet "cast"
_NEAR_CUTOFF = 75  # near enough that a word may be a typo of a title word
_PREFIX = 5  # "avail" meets "availability"
_SHORT_PREFIX = 4  # "resp" meets "response", in a title word at least _LONG_WORD long
_LONG_WORD = 7


_TITLE_WORD = re.compile(r"[A-Za-z]+")
_INITIALISM = (3, 4)  # MAU, CPL, ARPU: shorter ones are too often words
_SHORT_FORM = re.compile(r"(?<![A-Za-z])[A-Z][A-Za-z]*[A-Z][A-Za-z]*(?![A-Za-z])")  # CSAT, OTDs
# Units a duration or a share of anything is counted in: alone they do not say what of.
_GENERIC_DIMENSIONS = frozenset(
    {Dimension.TIME, Dimension.PERCENT, Dimension.POINTS, Dimension.MONEY, Dimension.SCALE}
)


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


class Titled(Protocol):
    """What the matcher reads of a KR: its title and its unit."""

    @property
    def title(self) -> str: ...

    @property
    def unit(self) -> str: ...


@dataclass(frozen=True)
class _Titled:
    title: str
    unit: str


class Matcher:
    """The words and units of the KRs of one check-in. `Matcher.of` shares one between the
    replies to the same check-in: its vocabulary only depends on the titles and units."""

    def __init__(self, krs: Sequence[Titled]) -> None:
        self.units: list[Unit | None] = [kr_unit(kr.unit) for kr in krs]
        self._krs = krs
        self._count = len(krs)
        self._known_words: dict[str, str | None] = {}

    @staticmethod
    def of(krs: Sequence[KeyResultRef]) -> Matcher:
        return _shared(tuple((kr.title, kr.unit) for kr in krs))

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
    def _concepts(self) -> dict[str, set[int]]:
        """Which KRs each concept of the glossary names, in whichever language the title is."""
        owners: dict[str, set[int]] = {}
        for index, kr in enumerate(self._krs):
            for concept in concepts(f"{kr.title} {kr.unit}"):
                owners.setdefault(concept, set()).add(index)
        return owners

    @cached_property
    def _title_words(self) -> list[tuple[str, ...]]:
        return [title_words(kr.title) for kr in self._krs]

    @cached_property
    def _title_short_forms(self) -> list[set[str]]:
        """The short forms a title is written with ("Get the SLA signed", "OTD")."""
        return [{short.lower() for short in _SHORT_FORM.findall(kr.title)} for kr in self._krs]

    @cached_property
    def _latin(self) -> list[str]:
        return [word for word in self._owners if word.isascii() and len(word) >= 4]

    def title_scores(self, text: str) -> list[float]:
        """How strongly the words of `text` point at each KR; a word shared by n KRs gives
        each of them 1/n. Words and the concepts they name are counted apart, and the
        stronger of the two counts: "satisfaction" is not said twice by naming its concept."""
        words = self._word_scores(text)
        ideas = [0.0] * self._count
        for concept in concepts(text):
            owners = self._concepts.get(concept)
            if owners:
                for index in owners:
                    ideas[index] += 1 / len(owners)
        return [max(word, idea) for word, idea in zip(words, ideas, strict=True)]

    def scores(
        self, text: str, quantities: Sequence[Quantity], title_scores: list[float] | None = None
    ) -> list[float]:
        """Title words (`title_scores`, if already known) plus units that only some KRs are
        counted in."""
        scores = list(title_scores) if title_scores is not None else self.title_scores(text)
        for owners in self._unit_owners(quantities):
            _share(scores, owners)
        return scores

    def about_something_else(
        self,
        text: str,
        quantities: Sequence[Quantity],
        index: int | None,
        title_scores: list[float],
    ) -> bool:
        """Whether `text` states a duration or a share of something no KR's words name ("the
        outage lasted 6 hours", "99% uptime", "叉车坏了两天"), so that only its unit would
        point it at a KR (`index`, or none). A count's own counter ("5人") says what it counts."""
        scores = title_scores
        if (scores[index] > 0) if index is not None else any(scores):
            return False
        return any(
            q.dimension in _GENERIC_DIMENSIONS
            and self._names_something_else(_what_it_is_of(text, q))
            for q in quantities
        )

    def _unit_owners(self, quantities: Sequence[Quantity]) -> list[set[int]]:
        """For each quantity, the KRs its unit is exactly theirs, if only some KRs'."""
        owners: list[set[int]] = []
        for quantity in quantities:
            if quantity.written.ambiguous:  # "4.5分" may be minutes or a score: names no KR
                continue
            exact = {i for i, unit in enumerate(self.units) if fit(quantity.written, unit) == 2}
            if 0 < len(exact) < self._count:
                owners.append(exact)
        return owners

    def _names_something_else(self, text: str) -> bool:
        """A word of `text` that no KR of this check-in has, in any language or short form."""
        return any(not any(self._names_a_kr(word) for word in group) for group in word_groups(text))

    def _names_a_kr(self, word: str) -> bool:
        if self._known(word) is not None or any(c in self._concepts for c in concepts(word)):
            return True
        if word.isascii() and self._near(word):
            return True  # a typo too far off to name a KR may still mean one: not "else"
        return _is_cjk_pair(word) and any(chinese_short_form(word, kr.title) for kr in self._krs)

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

    def _word_scores(self, text: str) -> list[float]:
        scores = [0.0] * self._count
        known_words: set[str] = set()
        unknown_pairs: set[str] = set()
        for word in content_words(text):
            known = self._known(word)
            if known is not None:
                known_words.add(known)
            elif _is_cjk_pair(word):
                unknown_pairs.add(word)
        for known in known_words:
            _share(scores, self._owners[known])
        for pair in unknown_pairs:  # 首响 for 首次响应
            _share(
                scores, {i for i, kr in enumerate(self._krs) if chinese_short_form(pair, kr.title)}
            )
        said = {word.lower() for word in _TITLE_WORD.findall(text)}
        for short in {s.rstrip("s") for s in _SHORT_FORM.findall(text)} - _CHAT_SHORT_FORMS:
            if short.lower() not in self._owners:  # a word of a title: counted above
                _share(scores, self._short_form_owners(short))
        if self._count and any(self._title_short_forms):
            spelled = title_words(text)
            for index, shorts in enumerate(self._title_short_forms):
                if any(short not in said and abbreviates(short, spelled) for short in shorts):
                    # "mean time to repair" for a KR about "MTTR": the title's words, spelled
                    # out, count as much as two of them
                    scores[index] += 2
        return scores

    def _short_form_owners(self, short: str) -> set[int]:
        owners = set(self._abbreviations.get(short.upper(), ()))
        if len(short) >= 3:
            owners |= {i for i, words in enumerate(self._title_words) if abbreviates(short, words)}
        return owners

    def _near(self, word: str) -> bool:
        """Near a title word of the same start ("ontime" for "on-time", "availabilty")."""
        if word in self._compounds:
            return True
        close = process.extractOne(
            word,
            [w for w in self._latin if w[0] == word[0]],
            scorer=fuzz.ratio,
            score_cutoff=_NEAR_CUTOFF,
        )
        return close is not None

    @cached_property
    def _compounds(self) -> set[str]:
        """Two title words in a row typed as one: "ontime", "followup"."""
        return {a + b for words in self._title_words for a, b in pairwise(words)}

    def _known(self, word: str) -> str | None:
        """`word` as the KRs spell it: exactly, nearly (a typo, another inflection), or as the
        start of a longer word. Remembered: replies to one check-in reuse their words."""
        if word in self._known_words:
            return self._known_words[word]
        if len(self._known_words) > _MOST_REMEMBERED:
            self._known_words.clear()
        known = self._looked_up(word)
        self._known_words[word] = known
        return known

    def _looked_up(self, word: str) -> str | None:
        if word in self._owners:
            return word
        if not word.isascii() or len(word) < 3:
            return None
        for variant in _variants(word):  # "hired" meets "hire", "shipped" meets "ship"
            if variant in self._owners:
                return variant
        if len(word) < 4:
            return None
        for swapped in _transpositions(word):  # "chrun" meets "churn", "memebrs" "member"
            for spelled in (swapped, stem(swapped)):
                if spelled in self._owners:
                    return spelled
        close = process.extractOne(word, self._latin, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
        if close is not None:
            return str(close[0])
        for known in self._latin:
            if (
                len(word) >= _PREFIX
                and len(known) >= _PREFIX
                and (known.startswith(word) or word.startswith(known))
            ):
                return known
            if len(word) >= _SHORT_PREFIX and len(known) >= _LONG_WORD and known.startswith(word):
                return known  # "resp" for "response", "avail" for "availability"
        return None


_MOST_REMEMBERED = 10_000  # words a matcher remembers looking up
# What sets the scene rather than says what a number is of: "after the new process",
# "thanks to the extra drivers", 优化流程后.
_CIRCUMSTANCE = re.compile(
    r"\b(?:after|since|with|thanks\s+to|due\s+to|because(?:\s+of)?|despite|during|following"
    r"|once|when|by)\b|之?后|以后|以来|期间|因为|由于|自从|多亏|通过",
    re.IGNORECASE,
)
_OF = frozenset({"of", "on", "in", "for"})


def _what_it_is_of(text: str, quantity: Quantity) -> str:
    """The words that say what `quantity` is of: those before it, back to any circumstance
    ("the outage lasted", "叉车坏了"), and the noun right after it ("99% uptime", "2 hours of
    downtime"), not what follows a preposition ("3.5 hours after the new process")."""
    before = text[: quantity.start]
    circumstances = list(_CIRCUMSTANCE.finditer(before))
    if circumstances:
        before = before[circumstances[-1].end() :]
    after = list(quantity.written.words)
    if after[:1] and after[0] in _OF:  # "2 hours of downtime", "99% on hand hygiene"
        after = after[1:]
    noun = (
        after[0]
        if after and not _CIRCUMSTANCE.fullmatch(after[0]) and (after[0] not in _PREPOSITIONS)
        else ""
    )
    return f"{before} {noun}"


_PREPOSITIONS = frozenset(
    {
        "at",
        "to",
        "from",
        "per",
        "this",
        "last",
        "so",
        "and",
        "but",
        "vs",
        "than",
        "as",
        "now",
        "today",
        "overall",
    }
)


@lru_cache(maxsize=256)
def _shared(keys: tuple[tuple[str, str], ...]) -> Matcher:
    return Matcher([_Titled(title, unit) for title, unit in keys])


# Short forms of chat, not of any KR's words.
_CHAT_SHORT_FORMS = frozenset(
    {
        "OOO",
        "PTO",
        "WIP",
        "TBD",
        "ETA",
        "EOD",
        "EOW",
        "FYI",
        "ASAP",
        "OKR",
        "LGTM",
        "TODO",
        "AFAIK",
        "IMO",
        "BTW",
    }
)


def _share(scores: list[float], owners: set[int]) -> None:
    for index in owners:
        scores[index] += 1 / len(owners)


def _is_cjk_pair(word: str) -> bool:
    return len(word) == 2 and word[0] >= "\u4e00"


def _transpositions(word: str) -> list[str]:
    """`word` with two neighbouring letters swapped, the first kept: a typing slip."""
    return [
        word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        for i in range(1, len(word) - 1)
        if word[i] != word[i + 1]
    ]


def _variants(word: str) -> tuple[str, ...]:
    """Other spellings of a stem: its final e restored or dropped, a doubled consonant single."""
    variants = [word[:-1] if word.endswith("e") else word + "e"]
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "aeioulsz":
        variants.append(word[:-1])
    return tuple(variants)
