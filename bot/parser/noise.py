"""Numbers that are not quantities: dates, times of day, weeks, quarters, ordinals, version
numbers and ids.

"by 3/15", "2026-10-12", "10:30", "Q3", "week 42", "3月15日", "第3周", "v2.3", "ticket #4521",
"OPS-1234" would otherwise be read as values; their spans are blanked before values are read.
"""

from __future__ import annotations

import re

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_NOISE = re.compile(
    # what any of them starts with, so that other places fail at once (replies come in bulk)
    r"(?=[\dA-Za-z#第周星版工订单编案批发])(?:"
    r"\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b"  # 2026-10-12
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b"  # 10/12/2026
    r"|\b(?:on|by|since|until|till|before|after|due)\s+\d{1,2}/\d{1,2}\b"  # by 3/15
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm)?"  # 10:30
    r"|\b\d{1,2}\s*(?:am|pm)\b"
    rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}"
    r"|\b\d{1,2}(?:st|nd|rd|th)\b"  # ordinals
    r"|\b(?:q[1-4]|h[12]|fy\d{2,4})\b"
    r"|\b(?:sprint|phase|round|version|release|iteration|step|stage|build|patch|hotfix)"
    r"\s*#?\d+(?:\.\d+)*"
    r"|\bv\d+(?:\.\d+)+\b|\b\d+\.\d+\.\d+\b|(?:版本|版)\s*v?\d+(?:\.\d+)*|v?\d+(?:\.\d+)+\s*版"
    # ids: "#4521", "OPS-1234", "ticket 4521", "工单号 20931"
    r"|(?<![\w#])#\s?\d{3,}\b|\b[A-Za-z]{2,}-\d+\b"
    r"|\b(?:ticket|case|issue|order|incident|bug|pr|invoice|id|no\.|number)\s*#?\s*\d{3,}\b"
    r"|(?:工单|订单|单号|编号|案件|批次|发票)号?\s*:?\s*\d{3,}"
    r"|\b(?:week|wk|day|v)#?\d+\b"  # not "week 3 more": that 3 counts
    r"|\b(?:in|since|by|of|until|year)\s+(?:19|20)\d{2}\b"
    r"|\d{2,4}\s*年|\d{1,2}\s*月(?:份)?(?:\d{1,2}\s*[日号])?|\d{1,2}\s*[日号]"
    r"|第\s*[\d一二三四五六七八九十]+\s*[周天期轮批次季]?"
    r"|(?<![下上本这])(?:周|星期)[一二三四五六日天])",  # 下周一 stays: it says when, in the future
    re.IGNORECASE,
)


_HINT = re.compile(r"\d|第|周|星期")  # every one of them carries one of these


def noise_spans(text: str) -> list[tuple[int, int]]:
    if not _HINT.search(text):  # all of them carry a digit or an ordinal mark
        return []
    return [match.span() for match in _NOISE.finditer(text)]
