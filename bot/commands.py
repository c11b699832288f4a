"""Reading `/okr …` commands, in English and Chinese, into what to do."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz, process


class Verb(StrEnum):
    MINE = "mine"
    VIEW = "view"
    TEAM = "team"
    TREE = "tree"
    CHECKIN = "checkin"
    BOARD = "board"
    REPORT = "report"
    DEPS = "deps"
    CADENCE = "cadence"
    LOG = "log"
    HELP = "help"


ALIASES: dict[str, Verb] = {
    "me": Verb.MINE,
    "mine": Verb.MINE,
    "my": Verb.MINE,
    "我的": Verb.MINE,
    "我": Verb.MINE,
    "team": Verb.TEAM,
    "团队": Verb.TEAM,
    "小组": Verb.TEAM,
    "tree": Verb.TREE,
    "alignment": Verb.TREE,
    "align": Verb.TREE,
    "对齐": Verb.TREE,
    "对齐树": Verb.TREE,
    "checkin": Verb.CHECKIN,
    "check-in": Verb.CHECKIN,
    "update": Verb.CHECKIN,
    "打卡": Verb.CHECKIN,
    "更新": Verb.CHECKIN,
    "签到": Verb.CHECKIN,
    "board": Verb.BOARD,
    "看板": Verb.BOARD,
    "四象限": Verb.BOARD,
    "report": Verb.REPORT,
    "weekly": Verb.REPORT,
    "周报": Verb.REPORT,
    "deps": Verb.DEPS,
    "dependencies": Verb.DEPS,
    "依赖": Verb.DEPS,
    "cadence": Verb.CADENCE,
    "cadences": Verb.CADENCE,
    "节奏": Verb.CADENCE,
    "log": Verb.LOG,
    "deliveries": Verb.LOG,
    "日志": Verb.LOG,
    "记录": Verb.LOG,
    "发送记录": Verb.LOG,
    "help": Verb.HELP,
    "?": Verb.HELP,
    "帮助": Verb.HELP,
    "？": Verb.HELP,
}

_PREFIX = re.compile(r"^\s*[/／]?\s*okr(?=\s|$)", re.IGNORECASE)
MENTION = re.compile(r"<@([A-Za-z0-9_.-]+)(?:\|[^>]*)?>")


@dataclass(frozen=True)
class Command:
    verb: Verb
    argument: str = ""  # a person or a team, as typed


def command_text(text: str) -> str | None:
    """What follows `/okr` (or `okr`) if the text is a command, else None."""
    match = _PREFIX.match(text)
    return text[match.end() :].strip() if match else None


def parse_command(rest: str) -> Command:
    """`rest` is what followed `/okr`. Anything that is not a command word names someone whose
    OKRs to show; the handler suggests the closest command if nobody has that name."""
    words = rest.split()
    if not words:
        return Command(Verb.MINE)
    first = words[0].casefold()
    if first in ALIASES:
        return Command(ALIASES[first], " ".join(words[1:]))
    return Command(Verb.VIEW, rest.strip())


def closest_command(word: str) -> str | None:
    """The alias nearest to a mistyped word, if any is near enough to suggest."""
    found = process.extractOne(word.casefold(), list(ALIASES), scorer=fuzz.ratio, score_cutoff=60)
    return found[0] if found else None
