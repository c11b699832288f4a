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
    NEW = "new"
    ALIGN = "align"
    SUBMIT = "submit"
    AGREE = "agree"
    RETURN = "return"
    EDIT = "edit"
    APPROVE = "approve"
    DECLINE = "decline"
    REQUESTS = "requests"
    TASK = "task"
    TASKS = "tasks"
    DONE = "done"
    DEPEND = "depend"
    SCORE = "score"
    HISTORY = "history"
    CLOSE = "close"


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
    # The life cycle of an objective, and its execution.
    "new": Verb.NEW,
    "draft": Verb.NEW,
    "新建": Verb.NEW,
    "新目标": Verb.NEW,
    "起草": Verb.NEW,
    "align": Verb.ALIGN,
    "对齐": Verb.ALIGN,
    "submit": Verb.SUBMIT,
    "提交": Verb.SUBMIT,
    "agree": Verb.AGREE,
    "同意": Verb.AGREE,
    "确认": Verb.AGREE,
    "return": Verb.RETURN,
    "退回": Verb.RETURN,
    "edit": Verb.EDIT,
    "change": Verb.EDIT,
    "修改": Verb.EDIT,
    "编辑": Verb.EDIT,
    "approve": Verb.APPROVE,
    "批准": Verb.APPROVE,
    "decline": Verb.DECLINE,
    "reject": Verb.DECLINE,
    "驳回": Verb.DECLINE,
    "拒绝": Verb.DECLINE,
    "requests": Verb.REQUESTS,
    "pending": Verb.REQUESTS,
    "待审批": Verb.REQUESTS,
    "审批": Verb.REQUESTS,
    "待办": Verb.REQUESTS,
    "task": Verb.TASK,
    "任务": Verb.TASK,
    "tasks": Verb.TASKS,
    "plan": Verb.TASKS,
    "任务列表": Verb.TASKS,
    "行动计划": Verb.TASKS,
    "done": Verb.DONE,
    "完成": Verb.DONE,
    "depend": Verb.DEPEND,
    "depends": Verb.DEPEND,
    "依赖于": Verb.DEPEND,
    "score": Verb.SCORE,
    "打分": Verb.SCORE,
    "评分": Verb.SCORE,
    "自评": Verb.SCORE,
    "close": Verb.CLOSE,
    "关闭": Verb.CLOSE,
    "history": Verb.HISTORY,
    "历史": Verb.HISTORY,
    "变更历史": Verb.HISTORY,
}
# "/okr deps" lists dependencies; "/okr 依赖 KR1 于 …" (with what it depends on) adds one.
_ADDS_A_DEPENDENCY = re.compile(r"\s(?:on|于)\s|于", re.IGNORECASE)

_PREFIX = re.compile(r"^\s*[/／]?\s*okr(?=\s|$)", re.IGNORECASE)
MENTION = re.compile(r"<@([A-Za-z0-9_.-]+)(?:\|[^>]*)?>")


@dataclass(frozen=True)
class Command:
    verb: Verb
    argument: str = ""  # what follows the command word, as typed (line breaks kept)


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
        argument = rest.strip()[len(words[0]) :].strip()
        verb = ALIASES[first]
        if verb is Verb.DEPS and _ADDS_A_DEPENDENCY.search(f" {argument} "):
            verb = Verb.DEPEND
        return Command(verb, argument)
    return Command(Verb.VIEW, rest.strip())


def closest_command(word: str) -> str | None:
    """The alias nearest to a mistyped word, if any is near enough to suggest."""
    found = process.extractOne(word.casefold(), list(ALIASES), scorer=fuzz.ratio, score_cutoff=60)
    return found[0] if found else None
