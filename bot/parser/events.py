"""The event a milestone's title says must happen, and the words that say it did.

"Get the SLA signed by Legal" waits for an approval; "完成消防系统改造验收" for an acceptance and
a building job. Sign-off, approval, acceptance and passing are one kind of event (someone
with the say accepts the thing); building and fitting out are another. A reply that says an
event of the title's kind happened ("Legal signed off", "SLA approved", "已验收", "获批了")
says the milestone is done. Other events are not the KR's: "portal design approved" does not
launch the portal.
"""

from __future__ import annotations

import re
from functools import lru_cache

_I = re.IGNORECASE
_CJK = r"\u4e00-\u9fff"

# (what a title says must happen, what a reply says when it has)
_KINDS = (
    (  # someone with the say accepts it: signed, approved, accepted, passed, certified
        re.compile(
            r"\b(?:sign(?:ed|ing)?(?:\s+off)?|sign-?off|approv\w*|accept\w*|pass(?:ed|ing)?"
            r"|audit\w*|inspect\w*|certif\w*|accredit\w*|ratif\w*|endorse\w*|licen[cs]\w*"
            r"|permit\w*|clearance|review(?:ed)?|exam\w*)\b"
            r"|验收|审批|批准|获批|批复|签署|签订|签字|签约|通过|认证|审核|评审|复审|考核|检查|备案|许可|资质",
            _I,
        ),
        re.compile(
            r"\b(?:signed(?:\s+off)?|sign-?off\s+(?:received|done|obtained|is\s+in)"
            r"|(?:got|received|obtained|secured)\b[^.,;!?]{0,40}?\b(?:sign-?off|approval"
            r"|green\s+light|go-?ahead|certificate|certification|accreditation|licen[cs]e|permit)"
            r"|approved|accepted|passed|certified"
            r"|accredited|ratified|endorsed|granted|green-?lit)\b"
            rf"|(?:已经?|顺利|正式)(?:验收|批准|签署|签字|签约|通过|认证|备案)"
            r"|验收(?:通过|合格|完成|完毕|了)|通过(?:了|验收|审批|审核|评审|复审|认证|检查)"
            r"|(?:验收|审批|审核|评审|复审|考核|检查|认证|审查|审计)(?:已经?|顺利|也)?(?:通过|过了)"
            rf"|获批|获得?(?:批准|批复|许可|认证)|拿到(?:批文|批复|许可|证书|认证)|批下来"
            rf"|(?:批准|签署|签字|签约|盖章|批复)了|(?<![{_CJK}])(?:签好|签完)|过审|合格了",
            _I,
        ),
    ),
    (  # it is built or fitted out and in use
        re.compile(
            r"\b(?:build\w*|built|construct\w*|renovat\w*|refurbish\w*|retrofit\w*|install\w*"
            r"|fit(?:ting)?[\s-]out|upgrade\w*|set\s+up)\b"
            r"|建设|建成|建造|改造|装修|施工|安装|搭建|翻新|改建|扩建|新建|升级",
            _I,
        ),
        re.compile(
            r"\b(?:built|constructed|renovated|refurbished|retrofitted|installed|commissioned"
            r"|handed\s+over|operational|in\s+service|up\s+and\s+running|build\s+(?:is\s+)?"
            r"(?:green|passing|passed|done|complete|finished|out))\b"
            r"|建成|竣工|完工|落成|投入使用|投用|投产|启用|交付使用|(?:装|建|修|改)好了?"
            r"|(?:改造|施工|装修|安装|建设|升级)(?:完成|完毕|完了|结束)|(?:装|建|改造|升级)完",
            _I,
        ),
    ),
)


@lru_cache(maxsize=4096)
def happened(title: str) -> re.Pattern[str] | None:
    """The words saying the title's own event happened, for a milestone `title`; None when
    its title names no event of these kinds."""
    said = [done.pattern for needs, done in _KINDS if needs.search(title)]
    return re.compile("|".join(f"(?:{pattern})" for pattern in said), _I) if said else None
