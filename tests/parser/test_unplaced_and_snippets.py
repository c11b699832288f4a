"""What the bot needs to talk back: where each update was read, what was not understood."""

from tests.parser.samples import CHINESE, ENGLISH, parse


def test_each_update_quotes_the_text_it_was_read_from() -> None:
    reply = parse("KR1: 520ms, KR2: 12", ENGLISH)
    assert [update.source_text for update in reply.updates] == ["KR1: 520ms", "KR2: 12"]


def test_snippets_quote_the_original_spelling() -> None:
    full_width = "KR2 \uff18\uff11\uff05\uff0c信心\uff17分"  # 81%, confidence 7, full-width
    assert parse(full_width, CHINESE).updates[0].source_text == full_width


def test_text_that_names_no_kr_is_reported_unplaced() -> None:
    assert parse("KR2 12. Also ran 3 workshops", ENGLISH).unplaced == ("Also ran 3 workshops",)


def test_greetings_and_filler_are_not_reported() -> None:
    assert parse("Hi team! Quick update: KR2 12. Thanks!", ENGLISH).unplaced == ()


def test_a_reply_level_confidence_is_not_reported_unplaced() -> None:
    assert parse("Overall confidence 7/10.", ENGLISH).unplaced == ()


def test_a_named_kr_clause_that_is_not_understood_is_kept_as_its_comment() -> None:
    update = parse("KR3: talking to two vendors", ENGLISH).updates[0]
    assert (update.kr, update.value, update.comment) == ("portal", None, "talking to two vendors")


def test_updates_follow_the_order_of_the_check_in() -> None:
    reply = parse("KR4 86%, KR1 520ms", ENGLISH)
    assert [update.kr for update in reply.updates] == ["latency", "csat"]


def test_a_kr_mentioned_twice_keeps_the_later_value() -> None:
    assert parse("KR2 11. Sorry, KR2 12", ENGLISH).updates[0].value == 12


def test_slack_markup_is_read_through() -> None:
    reply = parse("*KR2*: 12 <@U024BE7LH> :tada:\n• KR4 &gt; 86%", ENGLISH)
    assert [(u.kr, u.value) for u in reply.updates] == [("deals", 12), ("csat", 86)]


def test_chinese_text_that_names_no_kr_is_reported_unplaced() -> None:
    assert parse("KR2 80%。组织了两次团建", CHINESE).unplaced == ("组织了两次团建",)
