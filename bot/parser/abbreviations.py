"""Short forms of a KR title's words: "CSAT" for "customer satisfaction", "MTTR" for "mean time
to repair", "OTD" for "on-time departures", and Chinese 简称 such as 首响 for 首次响应.

An English short form takes the start of each of two or more title words in a row (small
words such as "to" and "of" may be left out); a Chinese one takes one character from each of
two words, so its characters stand in the title in order, close together.
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[A-Za-z]+")
_SMALL = frozenset({"to", "of", "the", "and", "a", "an", "per", "on", "in", "for", "by"})
_MOST_LETTERS_PER_WORD = 4  # "SAT" of satisfaction; more is a word, not a short form
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_CJK_REACH = 3  # 首(次)响: the second character at most this far after the first


@lru_cache(maxsize=4096)
def title_words(title: str) -> tuple[str, ...]:
    return tuple(word.lower() for word in _WORD.findall(title))


def abbreviates(short: str, words: tuple[str, ...]) -> bool:
    """Whether `short` (letters only) is made of the starts of two or more words in a row of
    `words`, e.g. "csat" of ("raise", "customer", "satisfaction")."""
    short = short.lower()
    return any(
        _from(short, words, start, 0)
        for start in range(len(words))
        if words[start][:1] == short[:1]
    )


def _from(short: str, words: tuple[str, ...], index: int, used: int) -> bool:
    """`short` is spelled by starts of words[index:], at least two of them (`used` so far)."""
    if not short:
        return used >= 2
    if index >= len(words):
        return False
    word = words[index]
    for size in range(min(len(word), len(short), _MOST_LETTERS_PER_WORD), 0, -1):
        if word[:size] == short[:size] and _from(short[size:], words, index + 1, used + 1):
            return True
    return used > 0 and word in _SMALL and _from(short, words, index + 1, used)


@lru_cache(maxsize=4096)
def _title_runs(title: str) -> tuple[str, ...]:
    return tuple(_CJK_RUN.findall(title))


def chinese_short_form(pair: str, title: str) -> bool:
    """Whether the two characters of `pair` stand in order, a word apart, in the title (首响
    in 首次响应时间), not side by side: side by side they are the title's own pair."""
    first, second = pair[0], pair[1]
    for run in _title_runs(title):
        at = run.find(first)
        while at >= 0:
            following = run.find(second, at + 2, at + 1 + _CJK_REACH)
            if following >= 0:
                return True
            at = run.find(first, at + 1)
    return False
