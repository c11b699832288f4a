"""Words about the state of a KR rather than its number: done, not yet, blocked, half done,
and the phrases that skip a whole check-in."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CJK = r"\u4e00-\u9fff"
_DONE = re.compile(
    r"\b(?:done|complete|completed|finished|shipped|launched|released|delivered|achieved"
    r"|accomplished|live|deployed|published|finali[sz]ed|wrapped\s+up|rolled\s+out"
    r"|(?:hit|reached|met)\s+(?:the\s+|our\s+)?(?:target|goal)"
    r"|(?:target|goal)\s+(?:hit|reached|met|achieved)"
    r"|(?:is|are|went|now)\s+out(?!\s+(?:of|sick|on|for|this|all|today|until)))\b"
    # 完成 but not 完成入职 (finished onboarding): the verb must end the phrase
    rf"|(?:已经?|正式)?(?:完成|上线|发布|交付|实现|搞定|达成|达标)(?:了|啦|目标)?(?![{_CJK}])"
    r"|(?:已经?|正式)+(?:上线|发布|交付|部署)"  # 已上线试运行, 已正式发布到应用商店
    r"|(?:完成|上线|发布|交付|搞定)了",
    re.IGNORECASE,
)
# What makes a "done" not (yet) true: negation, "almost", the future.
_NOT_DONE_BEFORE = re.compile(
    r"\b(?:not|never|almost|nearly|will|won't|going\s+to|about\s+to|to\s+be|yet\s+to|should"
    r"|hopefully|expect(?:ed)?\s+to|plan(?:ned)?\s+to|isn't|aren't|wasn't)\b|n't",
    re.IGNORECASE,
)
# Chinese negation sits right before the verb: 未完成, 还没上线, 即将上线, 预计下周发布.
_NOT_DONE_RIGHT_BEFORE = re.compile(
    r"(?:未|没|尚未|还没|还未|不|快|待)(?:要|会|能|可以|已|经)?$"
    rf"|(?:即将|将|预计|计划|争取|准备|打算)[{_CJK}\d]{{0,4}}$"  # 预计月底上线
)
_FUTURE = re.compile(
    r"\b(?:next\s+(?:week|month|sprint)|tomorrow)\b|下周|明天|下个月|月底前|即将",
    re.IGNORECASE,
)
# Saying that nothing changed, for one KR or for all: "same as last week", "同上", "没变化".
_UNCHANGED = (
    r"\b(?:no\s+changes?|unchanged|nothing(?:'s|\s+has)?\s+changed|(?:the\s+)?same\s+as"
    r"\s+(?:last\s+(?:week|time)|before|previous(?:ly)?)|as\s+last\s+week)\b"
    r"|同上|(?:和|跟|与|同)上(?:周|次|一周)(?:一样|相同|差不多)|没(?:有|什么|啥)?变化|无变化|老样子|照旧"
)
_NO_UPDATE = re.compile(
    r"\b(?:not\s+yet|in\s+progress|ongoing|wip|work\s+in\s+progress"
    r"|no\s+progress|no\s+updates?|nothing\s+new|tbd"
    r"|nothing\s+(?:this\s+week|yet|to\s+(?:add|report|update)))\b"
    rf"|{_UNCHANGED}"
    r"|进行中|未完成|没完成|还没|尚未|持平|不变|暂无|无进展|没有进展|没进展"
    r"|推进中|开发中|跟进中|处理中|无更新|没有更新|没更新",
    re.IGNORECASE,
)
_BLOCKED = re.compile(
    r"\b(?:blocked|blockers?|stuck|on\s+hold|held\s+up|(?P<wait_en>waiting\s+(?:on|for)"
    r"|awaiting|depends\s+on|dependent\s+on))\b"
    r"|被?(?:卡住|卡在|卡着|阻塞|受阻|搁置)|被阻|被卡|(?P<wait_zh>等待|在等)",
    re.IGNORECASE,
)
_NOT_BLOCKED_BEFORE = re.compile(
    r"(?:\b(?:not|no\s+longer|no|without|isn't|aren't|wasn't)\s*|不再|没有|没|未|解除|不)$",
    re.IGNORECASE,
)
# "阻塞已解除", "blocker resolved": what blocked it is gone.
_NOT_BLOCKED_AFTER = re.compile(
    r"\s*(?:已经?|都)?(?:解除|解决|消除|排除|没了)|\s*(?:is\s+|are\s+|was\s+|now\s+)?"
    r"(?:resolved|cleared|gone|removed|lifted|fixed)\b",
    re.IGNORECASE,
)
# Filler between the blocked word and the reason: "blocked: …", "被卡住了, …", "blocked by …".
_REASON_LEAD = re.compile(
    r"(?:[\s:,.;\-]|了|住|着|在|\b(?:by|on|due\s+to|because(?:\s+of)?|with|is|are)\b)*",
    re.IGNORECASE,
)
_SKIP = re.compile(
    r"\b(?:skip(?:ping|ped)?|no\s+updates?|nothing\s+(?:new\s+)?to\s+(?:report|update)"
    r"|nothing\s+new|(?:off|out)\s+(?:this|all)\s+week|out\s+sick"
    r"|no\s+progress|not\s+much\s+to\s+report|on\s+(?:vacation|holidays?|leave|pto|sick\s+leave)"
    r"|out\s+of\s+(?:the\s+)?office|ooo|pto|away\s+(?:this|all)\s+week"
    r"|pass(?:ing)?\s+(?:on\s+)?(?:this|for\s+this)\s+(?:week|time|one|check-?in)"
    r"|vacation|vacay|holidays?\s+(?:this|all)\s+week)\b"
    r"|跳过|休假|请假|年假|病假|无更新|没有更新|暂无更新|无进展|没有进展|没进展|暂无进展|没(?:什么|啥)进展"
    rf"|没(?:什么|啥)更新|{_UNCHANGED}",
    re.IGNORECASE,
)
_HALF = re.compile(r"\bhalf(?:way)?\b|一半", re.IGNORECASE)
_PROGRESS = re.compile(
    r"\b(?:done|complete|completed|finished|progress|through|of\s+the\s+way)\b"
    r"|完成(?!率)|进度|进展",  # 完成率 is a rate (培训完成率78%), not progress
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Blocker:
    start: int  # where the blocked word starts: what follows is the reason, not a value
    reason: tuple[int, int] | None  # span of the reason, if one is given


def says_done(text: str, verb: str = "", event: re.Pattern[str] | None = None) -> bool:
    """ "KR3 done", "Mobile beta is live!", "知识库已上线"; not "almost done", "not live yet",
    "will ship next week", "完成入职". `verb` is the KR's own ("close" for "Close the Series B
    round"): its past tense says done too ("Series B closed!"); so do the words of `event`,
    the KR's own event having happened ("SLA approved" for "Get the SLA signed by Legal")."""
    if text.rstrip().endswith("?") or _FUTURE.search(text) or _NO_UPDATE.search(text):
        return False
    matches = list(_DONE.finditer(text))
    if verb:
        matches += re.finditer(rf"\b{re.escape(past_tense(verb))}\b", text, re.IGNORECASE)
    if event is not None:
        matches += event.finditer(text)
    for match in matches:
        before = text[max(0, match.start() - 16) : match.start()]
        if not _NOT_DONE_BEFORE.search(before) and not _NOT_DONE_RIGHT_BEFORE.search(before):
            return True
    return False


def past_tense(verb: str) -> str:
    """Regular English past tense: close → closed, sign → signed, ship → shipped."""
    if verb.endswith("e"):
        return verb + "d"
    if re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", verb):  # one short syllable: ship, stop
        return verb + verb[-1] + "ed"
    return verb + "ed"


def says_no_update(text: str) -> bool:
    """ "not yet", "in progress", "进行中", "未完成": nothing to record."""
    return _NO_UPDATE.search(text) is not None


def find_blocker(text: str) -> Blocker | None:
    for match in _BLOCKED.finditer(text):
        if _NOT_BLOCKED_BEFORE.search(text[max(0, match.start() - 16) : match.start()]) or (
            _NOT_BLOCKED_AFTER.match(text, match.end())
        ):
            continue
        if match.group("wait_en") or match.group("wait_zh"):
            reason_start = match.start()  # "waiting on legal" is its own reason
        else:
            lead = _REASON_LEAD.match(text, match.end())
            reason_start = lead.end() if lead else match.end()
        end = len(text.rstrip(" \t.!。"))
        reason = (reason_start, end) if reason_start < end else None
        return Blocker(match.start(), reason)
    return None


def skip_spans(text: str) -> list[tuple[int, int]]:
    """Where the reply says there is nothing this time: "skip", "on vacation", "本周无进展"."""
    return [match.span() for match in _SKIP.finditer(text)]


def says_half(text: str) -> bool:
    return _HALF.search(text) is not None


def marks_progress(text: str) -> bool:
    """A percentage next to these words is progress even for a KR counted in %."""
    return _PROGRESS.search(text) is not None
