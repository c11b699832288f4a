"""Properties over any text: the parser never raises, never invents a KR, never reads a value
for a KR the text does not mention."""

import math

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.parser import KeyResultRef, ParsedReply, parse_reply
from tests.parser.samples import CHINESE, ENGLISH, kr

FAST = settings(max_examples=150, deadline=None, database=None)  # no example files left behind

SLACK_PIECES = [
    "*KR1*",
    "_done_",
    "~12~",
    "`KR2 7`",
    "<@U024BE7LH>",
    "<#C0123|okrs>",
    "<https://example.com|link>",
    "&gt;",
    "&amp;",
    ":tada:",
    "> quoted",
    "• ",
    "\n",
    "1. ",
    "2) ",
    "KR",
    "#",
    "第二个KR",
    "信心",
    "7/10",
    "→",
    "%",
    "k",
    "万",
]
EMOJI = st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF)
ANY_TEXT = st.one_of(
    st.text(),
    st.text(
        alphabet=st.sampled_from(list("KRkr#0123456789.,;:!?/%$-+()\n 又新增完成卡住跳过")),
        max_size=80,
    ),
    st.lists(st.sampled_from(SLACK_PIECES), max_size=30).map("".join),
    st.text(alphabet=EMOJI, max_size=20),
)


def well_formed(reply: ParsedReply, krs: tuple[KeyResultRef, ...]) -> bool:
    known = {kr.id for kr in krs}
    confidences = [reply.confidence, *(update.confidence for update in reply.updates)]
    return (
        all(update.kr in known for update in reply.updates)
        and len({update.kr for update in reply.updates}) == len(reply.updates)
        and all(update.value is None or math.isfinite(update.value) for update in reply.updates)
        and all(c is None or 0 <= c <= 1 for c in confidences)
        and not (reply.skipped and reply.updates)
    )


@FAST
@given(text=ANY_TEXT, krs=st.sampled_from([ENGLISH, CHINESE, ENGLISH[:1], ()]))
@example(text="", krs=ENGLISH)
@example(text="KR1 2.4s, " * 2000, krs=ENGLISH)
@example(text="1) 2 " * 2000, krs=CHINESE)
def test_any_text_parses_into_updates_of_the_given_krs_only(
    text: str, krs: tuple[KeyResultRef, ...]
) -> None:
    assert well_formed(parse_reply(text, krs), krs) is True


# KRs whose words and units no generated reply below can contain.
UNMENTIONED = (
    kr("herd", "Grow the zebra herd", 10, 20, 12, "zebras"),
    kr("pandas", "熊猫基地扩建", 3, 9, 4, "只"),
    kr("launch", "Launch the observatory", 0, 1, 0, "", "milestone"),
)
TALK = [
    "more",
    "another",
    "up",
    "down",
    "by",
    "to",
    "from",
    "was",
    "done",
    "shipped",
    "live",
    "blocked",
    "not yet",
    "half",
    "confidence",
    "this week",
    "so far",
    "new",
    "又",
    "新增",
    "多了",
    "完成",
    "上线",
    "本周",
    "进度",
    "一半",
    "七成",
    "三百万",
    "十二",
    "twelve",
    "%",
    "$",
    "→",
    "/",
    "k",
    "万",
    "minutes",
    "小时",
    "points",
    "个百分点",
]
NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=10**7).map(str),
    st.decimals(min_value=0, max_value=10**4, places=2).map(str),
)
UNMENTIONING_TEXT = st.lists(
    st.one_of(st.sampled_from(TALK), NUMBERS, st.sampled_from([", ", "; ", ". ", " "])),
    max_size=25,
).map(lambda tokens: "so " + " ".join(tokens))  # "so" first: no line starts a numbered list


@FAST
@given(text=UNMENTIONING_TEXT)
def test_no_value_for_a_kr_the_text_does_not_mention(text: str) -> None:
    assert [u.value for u in parse_reply(text, UNMENTIONED).updates if u.value is not None] == []


METRICS = (
    kr("a", "Grow the zebra herd", 0, 10**8, 5, ""),
    kr("b", "Plant more oak trees", 0, 10**8, 5, ""),
    kr("c", "Paint the lighthouse", 0, 10**8, 5, ""),
)


@FAST
@given(
    position=st.integers(min_value=1, max_value=3),
    number=st.integers(min_value=0, max_value=10**7),
    spelling=st.sampled_from(["KR{}: {}", "kr {} {}", "KR#{} {}", "#{} {}", "第{}个KR {}"]),
)
def test_a_number_after_a_kr_reference_is_that_kr_value(
    position: int, number: int, spelling: str
) -> None:
    reply = parse_reply(spelling.format(position, number), METRICS)
    assert [(u.kr, u.value) for u in reply.updates] == [(METRICS[position - 1].id, number)]
