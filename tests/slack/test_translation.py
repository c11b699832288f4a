"""Slack's markup in and out: what people send becomes neutral text; what the bot says is mrkdwn
in which people's words stay words."""

from __future__ import annotations

from adapters.slack.dialect import SLACK
from adapters.slack.mentions import neutral_text


def test_both_mention_forms_become_the_neutral_mention() -> None:
    assert neutral_text("<@U0RAJ|raj> and <@W0MIA>") == "<@U0RAJ> and <@W0MIA>"


def test_special_mentions_channels_and_links_become_plain_words() -> None:
    assert neutral_text("<!here> see <#C0MKT|marketing> <https://x.test|the doc>") == (
        "@here see #marketing the doc"
    )


def test_slack_entities_become_the_characters_typed() -> None:
    assert neutral_text("KR1 &lt;3 &amp; done") == "KR1 <3 & done"


def test_typed_markup_is_escaped_and_never_pings() -> None:
    assert SLACK.safe("<!channel> & <@U0CEO>") == "&lt;!channel&gt; &amp; &lt;@U0CEO&gt;"


def test_a_mention_needs_a_real_user_id() -> None:
    assert (SLACK.mention("U0RAJ", "Raj"), SLACK.mention("<!channel>", "x<y")) == (
        "<@U0RAJ>",
        "x&lt;y",
    )
