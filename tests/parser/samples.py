"""Check-ins to parse replies against, and short ways to look at what was read.

The KRs are not the dev corpus's: the parser must read any KR, so the tests use their own.
"""

from __future__ import annotations

from bot.parser import KeyResultRef, ParsedReply, parse_reply


def kr(
    kr_id: str,
    title: str,
    start: float,
    target: float,
    current: float,
    unit: str,
    kind: str = "metric",
) -> KeyResultRef:
    return KeyResultRef(kr_id, title, start, target, current, unit, kind)


# An English check-in, numbered 1..5 in this order.
ENGLISH = (
    kr("latency", "Reduce API p95 latency from 800 ms to 300 ms", 800, 300, 600, "ms"),
    kr("deals", "Close 40 partner deals", 0, 40, 10, "deals"),
    kr("portal", "Launch the partner portal", 0, 1, 0, "", "milestone"),
    kr("csat", "Raise CSAT from 80% to 90%", 80, 90, 84, "%"),
    kr("spend", "Cut monthly cloud spend from $200k to $150k", 200_000, 150_000, 180_000, "USD"),
)
# A Chinese check-in, numbered 1..6 in this order.
CHINESE = (
    kr("backlog", "客服工单积压从500单降到100单", 500, 100, 300, "单"),
    kr("renewal", "续约率从75%提升到85%", 75, 85, 78, "%"),
    kr("app", "上线新版会员小程序", 0, 1, 0, "", "milestone"),
    kr("revenue", "季度营收从300万元提升到500万元", 300, 500, 360, "万元"),
    kr("hiring", "为研发部招聘12名工程师", 0, 12, 4, "人"),
    kr("response", "平均响应时长从6小时缩短到2小时", 6, 2, 5, "小时"),
)
# KRs counted in hours, in thousands of users, and in seconds.
UNITS = (
    kr("onboarding", "Shorten onboarding from 10 hours to 4 hours", 10, 4, 8, "hours"),
    kr("users", "Grow weekly active users from 40k to 60k", 40, 60, 45, "k users"),
    kr("build", "Speed up the CI build from 20 minutes to 8 minutes", 1200, 480, 900, "s"),
)


def parse(text: str, krs: tuple[KeyResultRef, ...]) -> ParsedReply:
    return parse_reply(text, krs)


def values(text: str, krs: tuple[KeyResultRef, ...]) -> dict[str, float]:
    """The new value of each KR the reply gives one, rounded to hide float noise."""
    return {
        update.kr: round(update.value, 6)
        for update in parse_reply(text, krs).updates
        if update.value is not None
    }


def confidences(text: str, krs: tuple[KeyResultRef, ...]) -> dict[str, float]:
    return {
        update.kr: update.confidence
        for update in parse_reply(text, krs).updates
        if update.confidence is not None
    }


def blocked(text: str, krs: tuple[KeyResultRef, ...]) -> dict[str, str | None]:
    """The KRs marked blocked, with their comment."""
    return {
        update.kr: update.comment for update in parse_reply(text, krs).updates if update.blocked
    }
