"""The digest's message stays within what a chat platform takes in one message (Slack: 50
blocks, about 12,000 characters), whatever the size of the team and the length of what its
people typed, in English and in Chinese."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.dialect import PLAIN
from bot.digest import Digest, KeyResultDigest, ObjectiveDigest
from bot.insights import Board, Pace
from bot.messages import Message
from bot.model import KeyResult, Locale, Objective, Owner, Person, Task, Team
from bot.render.digest import Names, digest_message
from bot.texts import Texts

LONG = "Make the long-winded objective everybody typed far too much about " * 4  # ~260 chars
LONG_ZH = "把每个人都写得很长很长的目标再写长一点" * 12


def worst_digest(people: int, words: str) -> tuple[Digest, Board, Names]:
    """`people` people with 5 objectives of 4 KRs each, every KR behind, unsure and blocked
    twice, every title, comment and name far longer than anyone writes them."""
    ids = [f"p{n:05d}" for n in range(people)]
    team = Team("local", "big", words[:200], lead=ids[0], members=ids)
    objectives = tuple(
        ObjectiveDigest(
            Objective("local", f"o-{pid}-{o}", words, Owner(pid), "2026-Q4"),
            tuple(
                KeyResultDigest(
                    kr=KeyResult(f"kr-{pid}-{o}-{k}", words),
                    owner=pid,
                    progress=0.1,
                    previous_progress=0.0,
                    confidence=0.2,
                    previous_confidence=0.5,
                    expected=0.4,
                    blockers=(words, words),
                )
                for k in range(4)
            ),
            expected=0.4,
        )
        for pid in ids
        for o in range(5)
    )
    digest = Digest(
        team=team,
        period="2026-Q4",
        since=datetime(2026, 10, 23, 8, tzinfo=UTC),
        until=datetime(2026, 11, 6, 8, tzinfo=UTC),
        objectives=objectives,
        checked_in=tuple(ids[::2]),
        not_checked_in=tuple(ids[1::2]),
        bottom_up_share=0.4,
        expected=0.4,
    )
    tasks = tuple(Task("local", f"t-{n}", "kr", words) for n in range(40))
    board = Board(
        owner=team.name,
        period="2026-Q4",
        priorities=tasks,
        next_weeks=tasks,
        confidence=tuple((d.kr, 0.2) for d in objectives[0].key_results * 10),
        health=tuple(Pace(o.objective, 0.4, False) for o in objectives[:40]),
    )
    names = Names(team.name, {pid: Person("local", pid, words[:120]) for pid in ids})
    return digest, board, names


def message_of(people: int, locale: Locale, words: str) -> Message:
    digest, board, names = worst_digest(people, words)
    days = (date(2026, 10, 23), date(2026, 11, 6))
    return digest_message(Texts(PLAIN), locale, digest, board, names, days)


@pytest.mark.parametrize(("locale", "words"), [(Locale.EN, LONG), (Locale.ZH, LONG_ZH)])
def test_the_digest_of_1000_people_stays_under_50_blocks_and_12000_characters(
    locale: Locale, words: str
) -> None:
    message = message_of(1_000, locale, words)
    assert (len(message.blocks) < 50, len(message.text) < 12_000) == (True, True)


def test_the_digest_of_1000_people_has_as_many_blocks_as_that_of_20() -> None:
    small, large = (message_of(people, Locale.EN, LONG) for people in (20, 1_000))
    assert len(large.blocks) == len(small.blocks)
