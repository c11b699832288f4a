"""Words that can name a KR: English stems and Chinese character pairs, minus filler.

"Signed 3 more customers" and "Sign 20 new enterprise customers" share `sign` and `customer`;
"渠道团队现在6人了" and "渠道管理团队从3人扩充到8人" share 渠道 and 团队. Chinese has no spaces,
so a Chinese run is compared by its overlapping character pairs.
"""

from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(r"[a-z][a-z0-9]*(?:'[a-z]+)?|[\u4e00-\u9fff]+", re.IGNORECASE)
_REFERENCE = re.compile(r"kr\d*", re.IGNORECASE)
_SUFFIXES = ("ing", "ed", "es", "s")

# Words that say nothing about which KR is meant: grammar, time, reporting and progress talk,
# and units of time and money (those are compared as units, not as words).
STOPWORDS = frozenset(
    [
        "ms",
        "sec",
        "secs",
        "second",
        "seconds",
        "min",
        "mins",
        "minute",
        "minutes",
        "hr",
        "hrs",
        "hour",
        "hours",
        "day",
        "days",
        "usd",
        "dollar",
        "dollars",
        "percent",
        "good",
        "great",
        "fine",
        "well",
        "nice",
        "smooth",
        "smoothly",
        "awesome",
        "excellent",
        "everything",
        "a",
        "an",
        "the",
        "to",
        "from",
        "of",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "and",
        "or",
        "but",
        "so",
        "as",
        "than",
        "then",
        "that",
        "this",
        "these",
        "those",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "it",
        "its",
        "it's",
        "we",
        "we're",
        "our",
        "us",
        "i",
        "i'm",
        "my",
        "me",
        "you",
        "your",
        "they",
        "their",
        "he",
        "she",
        "his",
        "her",
        "them",
        "there",
        "here",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "done",
        "not",
        "no",
        "yet",
        "still",
        "just",
        "also",
        "very",
        "all",
        "some",
        "any",
        "more",
        "most",
        "another",
        "new",
        "other",
        "up",
        "down",
        "over",
        "under",
        "about",
        "around",
        "roughly",
        "approx",
        "approximately",
        "nearly",
        "almost",
        "now",
        "today",
        "week",
        "weeks",
        "weekly",
        "month",
        "months",
        "last",
        "next",
        "since",
        "far",
        "total",
        "overall",
        "update",
        "updates",
        "status",
        "report",
        "progress",
        "kr",
        "krs",
        "key",
        "result",
        "results",
        "confidence",
        "confident",
        "conf",
        "target",
        "goal",
        "complete",
        "completed",
        "finished",
        "shipped",
        "live",
        "blocked",
        "waiting",
        "stuck",
        "risk",
        "track",
        "going",
        "went",
        "got",
        "get",
        "reached",
        "hit",
        "currently",
        "again",
        "hi",
        "hello",
        "hey",
        "thanks",
        "thank",
        "ok",
        "okay",
        "cheers",
        "team",
        "quick",
        "per",
        "reduce",
        "reduced",
        "increase",
        "increased",
        "raise",
        "raised",
        "grow",
        "grew",
        "improve",
        "improved",
        "achieve",
        "achieved",
        "cut",
        "lower",
        "lowered",
        "drop",
        "dropped",
        "fell",
        "rose",
        "gain",
        "gained",
        "add",
        "added",
        "less",
        "fewer",
    ]
)
_CJK_STOP_CHARS = frozenset("的了从到是在和与为把将被我们这那也都就还又再已很吗呢吧啊有个")
CJK_STOPWORDS = frozenset(
    [
        "小时",
        "分钟",
        "毫秒",
        "美元",
        "万元",
        "顺利",
        "不错",
        "正常",
        "谢谢",
        "辛苦",
        "本周",
        "这周",
        "上周",
        "下周",
        "本月",
        "今天",
        "目前",
        "现在",
        "已经",
        "提升",
        "提高",
        "降低",
        "缩短",
        "增加",
        "减少",
        "达到",
        "实现",
        "完成",
        "进度",
        "进展",
        "信心",
        "指数",
        "整体",
        "总体",
        "百分",
        "分点",
        "更新",
        "情况",
        "大家",
        "汇报",
        "左右",
        "大概",
        "一下",
        "继续",
        "正在",
        "上月",
        "上个月",
        "本季",
        "今年",
        "去年",
        "同比",
        "环比",
        "相比",
        "其他",
        "其余",
        "平均",
        "比较",
        "基本",
        "一切",
    ]
)


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A crude English stem, enough to meet "migrated" with "migrate" and "services"."""
    word = word.lower()
    if word.endswith("'s"):
        word = word[:-2]
    if word[-1:] not in ("s", "g", "d"):  # most words: no suffix to strip
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> list[str]:
    """The words of `text` that could name a KR: English stems and Chinese pairs."""
    found: list[str] = []
    for token in _TOKEN.findall(text):
        if token[0] >= "\u4e00":
            found.extend(_pairs(token))
        elif (word := _latin(token)) is not None:
            found.append(word)
    return found


def word_groups(text: str) -> list[list[str]]:
    """The content words of `text` as they stand together: one English stem, or the pairs
    of one stretch of Chinese between filler (Chinese has no spaces, so the pairs of a
    stretch are read as one word: 叉车坏 is 叉车 and 车坏, 比上月少了 has no word at all)."""
    groups: list[list[str]] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token[0] >= "\u4e00":
            for stretch in _CJK_FILLER.split(token):
                pairs = _pairs(stretch)
                if pairs:
                    groups.append(pairs)
        elif (
            len(token) > 1
            and not text[match.start() - 1 : match.start()].isdigit()
            and (word := _latin(token)) is not None
            and word not in _GENERIC
            and (token.lower() not in _GENERIC)
        ):  # not the unit of "2.7h", "47k"
            groups.append([word])
    return groups


# Words that qualify, time or feel rather than name a thing: "finally", "avg", "happy", 终于,
# 高峰期. They say nothing about what a number is of.
_GENERIC = frozenset(
    [
        "average",
        "avg",
        "mean",
        "median",
        "typical",
        "typically",
        "usual",
        "usually",
        "normal",
        "finally",
        "already",
        "really",
        "actually",
        "basically",
        "mostly",
        "slightly",
        "pretty",
        "quite",
        "much",
        "lot",
        "bit",
        "even",
        "happy",
        "glad",
        "pleased",
        "proud",
        "sadly",
        "unfortunately",
        "luckily",
        "hopefully",
        "yay",
        "woohoo",
        "phew",
        "wow",
        "record",
        "best",
        "better",
        "worse",
        "improvement",
        "trend",
        "peak",
        "stable",
        "steady",
        "flat",
        "averaging",
        "consistently",
        "steadily",
        "currently",
        "overall",
        "rate",
    ]
)
_CJK_GENERIC = (
    "终于",
    "只要",
    "只有",
    "高峰期",
    "早高峰",
    "晚高峰",
    "高峰",
    "周末",
    "平时",
    "最近",
    "近期",
    "日均",
    "每天",
    "均值",
    "中位数",
    "中位",
)
# What qualifies rather than names: stop characters and words, comparisons and changes,
# numerals.
_CJK_FILLER = re.compile(
    "|".join(sorted([*CJK_STOPWORDS, *_CJK_GENERIC], key=len, reverse=True))
    + f"|[{''.join(sorted(_CJK_STOP_CHARS))}比快慢多少高低好差更最较才只仅约近共再没未不"
    + "降升涨跌减增达至为零〇一二两三四五六七八九十百千万亿]"
)


def _latin(token: str) -> str | None:
    word = stem(token)
    if word in STOPWORDS or token.lower() in STOPWORDS or _REFERENCE.fullmatch(word):
        return None
    return word


def _pairs(run: str) -> list[str]:
    pairs = []
    for i in range(len(run) - 1):
        pair = run[i : i + 2]
        if pair[0] in _CJK_STOP_CHARS or pair[1] in _CJK_STOP_CHARS:
            continue
        if pair in CJK_STOPWORDS or _is_numeral_pair(pair):
            continue
        pairs.append(pair)
    return pairs


def _is_numeral_pair(pair: str) -> bool:
    return any(char in "零〇一二两三四五六七八九十百千万亿" for char in pair)
