"""What KRs are about, said in English or in Chinese: a small bilingual vocabulary of the things
OKRs measure, so "客户满意度 4.6" names "Raise CSAT to 4.8" and "p95 延迟" names a latency KR.

Each concept lists its English words (stems, or phrases of them) and its Chinese terms. A
Chinese term also means what the terms inside it mean (客户满意度 is customer and satisfaction
as well as CSAT); an abbreviation is listed with the words it stands for.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.parser.words import stem

# concept: (English words and phrases, Chinese terms)
_CONCEPTS: dict[str, tuple[str, str]] = {
    # people served and how they feel
    "customer": ("customer, client", "客户, 顾客, 客人"),
    "satisfaction": ("satisfaction, satisfied, csat, psat", "满意度, 满意, 好评"),
    "csat": ("csat, customer satisfaction", "客户满意度, 客满, 顾客满意度"),
    "nps": ("nps, net promoter, promoter score, net promoter score", "净推荐值, 净推荐, 推荐值"),
    "user": ("user", "用户"),
    "active": ("active", "活跃"),
    "dau": ("dau, daily active", "日活"),
    "mau": ("mau, monthly active", "月活"),
    "churn": ("churn, attrition", "流失"),
    "retention": ("retention, retain", "留存"),
    "renewal": ("renewal, renew", "续约, 续费, 续签"),
    "conversion": ("conversion, convert", "转化"),
    "complaint": ("complaint", "投诉"),
    "member": ("member, membership", "会员"),
    "player": ("player, gamer", "玩家"),
    "patient": ("patient", "患者, 病人"),
    "student": ("student, pupil", "学生"),
    "teacher": ("teacher, tutor", "老师, 教师, 辅导员"),
    "passenger": ("passenger, rider, ridership", "乘客, 客流"),
    "volunteer": ("volunteer", "志愿者, 义工"),
    "donation": ("donation, donor, fundraising", "捐款, 募捐, 筹款, 捐赠"),
    "nurse": ("nurse", "护士"),
    "staff": ("staff, employee, headcount", "员工, 人员"),
    # time and speed
    "time": ("time, duration", "时间, 时长, 耗时, 用时"),
    "latency": ("latency, lag", "延迟, 时延, 延时"),
    "response": ("response, respond, reply, first response", "响应, 回复, 首响"),
    "resolution": ("resolution, resolve", "解决"),
    "wait": ("wait, queue", "等待, 候车, 排队, 等候"),
    "turnaround": ("turnaround, cycle time, lead time", "周转, 周期"),
    "on_time": ("on-time, on time, punctuality, punctual", "准点, 准时"),
    "load": ("load, page load", "加载"),
    "stay": ("length of stay", "住院日, 住院天数"),
    # quality and reliability
    "uptime": ("uptime, availability, available", "可用性, 可用率, 在线率"),
    "error": ("error, mistake, mispick", "错误, 差错, 出错"),
    "accuracy": ("accuracy, accurate", "准确率, 准确, 精度"),
    "defect": ("defect, bug", "缺陷, 漏洞"),
    "crash": ("crash", "崩溃, 闪退"),
    "incident": ("incident, outage, downtime", "事故, 故障, 宕机"),
    "safety": ("safety", "安全"),
    "fire": ("fire", "消防, 火灾"),
    "fall": ("patient fall", "跌倒"),
    "readmission": ("readmission", "再入院"),
    "attendance": ("attendance, absence, absenteeism", "出勤, 到课, 缺勤"),
    "test": ("test, testing", "测试"),
    # money
    "revenue": ("revenue, income, turnover", "营收, 收入, 营业额"),
    "sales": ("sales, sell", "销售, 销量, 销售额"),
    "cost": ("cost, spend, spending, expense", "成本, 费用, 开支, 支出"),
    "budget": ("budget", "预算"),
    "margin": ("margin, profit", "毛利, 利润"),
    "cloud": ("cloud", "云"),
    "gmv": ("gmv, gross merchandise", "成交额, 交易额"),
    "price": ("price, pricing", "价格, 定价"),
    # operations
    "order": ("order", "订单"),
    "delivery": ("delivery, deliver, shipping, dispatch, outbound", "发货, 配送, 出库, 送达"),
    "inbound": ("inbound, receiving", "入库, 收货"),
    "warehouse": ("warehouse, depot, fulfillment center, fulfilment center", "仓库, 分仓, 仓储"),
    "inventory": ("inventory, stock", "库存"),
    "picking": ("picking", "拣货, 拣选"),
    "ticket": ("ticket", "工单"),
    "backlog": ("backlog", "积压"),
    "bus": ("bus, vehicle, fleet", "公交, 车辆, 车队, 巴士"),
    "route": ("route", "线路"),
    "repair": ("repair, maintenance", "维修, 修理, 保养, 检修"),
    "store": ("restaurant, store, outlet, shop", "门店, 餐厅, 分店"),
    "meal": ("meal, dish", "出餐, 上菜, 餐品"),
    "yield": ("yield, harvest", "产量, 亩产, 收成"),
    "energy": ("energy, electricity", "能耗, 用电, 电费"),
    "water": ("water", "用水, 水费"),
    "waste": ("waste, spoilage", "浪费, 损耗, 报废"),
    "bed": ("bed", "床位, 病床"),
    "ward": ("ward", "病区, 病房"),
    "course": ("course, lesson", "课程, 课堂"),
    "reading": ("reading", "阅读"),
    "hire": ("hire, hiring, recruit, recruitment", "招聘, 招募"),
    "training": ("training", "培训"),
    "coverage": ("coverage", "覆盖"),
    "completion": ("completion rate", "完成率"),
    # agreements and rules
    "contract": ("contract, agreement", "合同, 协议"),
    "sla": ("sla, service level agreement, service level", "服务等级协议, 服务水平协议"),
    "review": ("review", "审核, 审查, 评审"),
    "compliance": ("compliance, compliant", "合规"),
    "audit": ("audit", "审计"),
    "policy": ("policy", "政策, 制度"),
    "legal": ("legal, counsel, lawyer", "法务, 律师"),
    # products
    "release": ("release, build, version", "版本, 发布"),
    "feature": ("feature", "功能"),
    "app": ("app, application", "应用, 小程序"),
}

_SPLIT = re.compile(r"\s*,\s*")
_LATIN_WORD = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*", re.IGNORECASE)


def _english() -> tuple[dict[str, frozenset[str]], dict[tuple[str, ...], frozenset[str]]]:
    words: dict[str, set[str]] = {}
    phrases: dict[tuple[str, ...], set[str]] = {}
    for concept, (english, _) in _CONCEPTS.items():
        for term in _SPLIT.split(english):
            stems = tuple(stem(word) for word in _LATIN_WORD.findall(term))
            if len(stems) == 1:
                words.setdefault(stems[0], set()).add(concept)
            elif stems:
                phrases.setdefault(stems, set()).add(concept)
    return (
        {word: frozenset(c) for word, c in words.items()},
        {stems: frozenset(c) for stems, c in phrases.items()},
    )


def _chinese() -> dict[str, frozenset[str]]:
    terms: dict[str, set[str]] = {}
    for concept, (_, chinese) in _CONCEPTS.items():
        for term in _SPLIT.split(chinese):
            if term:
                terms.setdefault(term, set()).add(concept)
    return {
        term: frozenset(set().union(*(c for inner, c in terms.items() if inner in term)))
        for term in terms
    }


_WORDS, _PHRASES = _english()
_LONGEST_PHRASE = max(len(stems) for stems in _PHRASES)
_TERMS = _chinese()
# Longest first, so 客户满意度 is read as itself rather than as 客户 and 满意度.
_CHINESE = re.compile("|".join(sorted(map(re.escape, _TERMS), key=len, reverse=True)))
_ASCII_HINT = re.compile(r"[A-Za-z]")


@lru_cache(maxsize=4096)
def concepts(text: str) -> frozenset[str]:
    """The concepts `text` names, in either language. Cached: a check-in's KR titles are read
    for every reply to it."""
    found: set[str] = set()
    if not text.isascii():
        for match in _CHINESE.finditer(text):
            found |= _TERMS[match.group()]
    if _ASCII_HINT.search(text):
        stems = [stem(word) for word in _LATIN_WORD.findall(text)]
        for i, word in enumerate(stems):
            found |= _WORDS.get(word, frozenset())
            for size in range(2, _LONGEST_PHRASE + 1):
                found |= _PHRASES.get(tuple(stems[i : i + size]), frozenset())
    return frozenset(found)
