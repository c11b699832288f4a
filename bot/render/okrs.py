"""Messages that show OKRs: someone's or a team's objectives with their key results."""

from __future__ import annotations

from collections.abc import Sequence

from bot.messages import Block, Message, ProgressBar, Section
from bot.model import Locale, Objective
from bot.texts import Texts


def okrs_message(
    texts: Texts, locale: Locale, *, owner: str, period: str, objectives: Sequence[Objective]
) -> Message:
    heading = texts.say(locale, "okrs", "heading", owner=owner, period=period)
    if not objectives:
        return Message.of(Section(texts.say(locale, "okrs", "empty", owner=owner, period=period)))
    blocks: list[Block] = [Section(heading)]
    for number, objective in enumerate(objectives, start=1):
        blocks.append(
            Section(texts.say(locale, "okrs", "objective", index=number, objective=objective))
        )
        blocks.extend(
            ProgressBar(
                texts.say(locale, "okrs", "key_result", index=kr_number, kr=kr),
                kr.progress,
                texts.say(locale, "okrs", "caption", kr=kr),
            )
            for kr_number, kr in enumerate(objective.key_results, start=1)
        )
    return Message.of(*blocks)
