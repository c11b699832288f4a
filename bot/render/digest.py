"""What the biweekly wrap-up says and draws, of one size whatever the team: the team's own
objectives and those furthest behind in detail, a few KRs at risk, blockers and people named,
and the rest counted, so that no section is ever cut off; a chart of at most `CHART_BARS` bars.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TypeVar

from bot.digest import Digest, KeyResultDigest, ObjectiveDigest
from bot.insights import Board
from bot.messages import Block, Context, Divider, Message, Section
from bot.model import Locale, Person
from bot.ports import ProgressChart
from bot.render.overviews import board_message
from bot.texts import Say, Texts, plain

MOST_OBJECTIVES = 6  # shown with their KRs; the others are counted
MOST_KRS = 4  # of one objective (the default limit per objective)
MOST_NAMED = 8  # KRs at risk, blockers, people who did or did not check in
CHART_BARS = 12

T = TypeVar("T")


@dataclass(frozen=True)
class Names:
    """Who owns what, as the digest names them: people by name, the team by its name."""

    team: str
    people: Mapping[str, Person]  # by id

    def of(self, owner: str) -> str:
        """The name of an owner (`Owner` text) or a person (an id)."""
        if owner.startswith("team:"):
            return self.team
        person = self.people.get(owner)
        return person.name if person else owner


def digest_message(
    texts: Texts,
    locale: Locale,
    digest: Digest,
    board: Board,
    names: Names,
    days: tuple[date, date],
) -> Message:
    """`days`: the fortnight's first and last day, in the team's time zone."""
    say = texts.voice(locale, "digest")
    team = digest.team
    blocks: list[Block] = [
        Section(
            say(
                "digest_heading",
                team=team.name,
                period=digest.period,
                since=days[0],
                until=days[1],
            )
        ),
        Section(
            say(
                "digest_overview",
                people=len(team.members),
                objectives=len(digest.objectives),
                krs=len(digest.key_results),
                progress=digest.progress,
                previous=digest.previous_progress,
                expected=digest.expected,
                behind=len(digest.objectives_behind),
            )
        ),
    ]
    shown, rest = _objectives_in_detail(digest)
    for objective in shown:
        blocks += _objective_blocks(say, objective, names)
    if rest:
        blocks.append(
            Context(
                say(
                    "digest_more_objectives",
                    count=len(rest),
                    behind=sum(o.behind for o in rest),
                    team=team.id,
                )
            )
        )
    blocks.append(Divider())
    blocks += _risks(say, digest, names)
    blocks.append(Section(_people(say, digest, names)))
    blocks.append(Section(say("digest_bottom_up", share=digest.bottom_up_share)))
    blocks += board_message(texts, locale, team.name, board).blocks
    blocks.append(Section(say("digest_next")))
    return Message.of(*blocks)


def digest_chart(locale: Locale, digest: Digest, names: Names) -> ProgressChart:
    """A bar per objective; for a team with more than `CHART_BARS`, the whole team's bar and
    the objectives furthest behind the pace, the others counted in the chart's note."""
    say = partial(plain, locale, "digest")
    objectives = digest.objectives
    note = ""
    if len(objectives) <= CHART_BARS:
        bars = list(objectives)
        labels = _labels(bars, names)
        progress = [o.progress for o in bars]
        behind = [o.behind for o in bars]
    else:
        ranked = _furthest_behind(objectives)
        bars, rest = ranked[: CHART_BARS - 1], ranked[CHART_BARS - 1 :]
        labels = [say("chart_team", count=len(objectives)), *_labels(bars, names)]
        progress = [digest.progress, *(o.progress for o in bars)]
        behind = [digest.behind, *(o.behind for o in bars)]
        late = sum(o.behind for o in rest)
        note = say("chart_note", behind=late, on_track=len(rest) - late)
    return ProgressChart(
        title=say("chart_title", team=digest.team.name),
        labels=tuple(labels),
        progress=tuple(progress),
        behind=tuple(behind),
        expected=digest.expected,
        expected_label=say("chart_expected", share=digest.expected),
        axis_label=say("chart_axis"),
        on_track_label=say("chart_on_track"),
        behind_label=say("chart_behind"),
        note=note,
    )


def _objectives_in_detail(
    digest: Digest,
) -> tuple[list[ObjectiveDigest], list[ObjectiveDigest]]:
    """Every objective when they fit; else the team's own, then the furthest behind."""
    objectives = list(digest.objectives)
    if len(objectives) <= MOST_OBJECTIVES:
        return objectives, []
    teams = [o for o in objectives if o.objective.owner.is_team]
    members = _furthest_behind([o for o in objectives if not o.objective.owner.is_team])
    ranked = teams + members
    return ranked[:MOST_OBJECTIVES], ranked[MOST_OBJECTIVES:]


def _objective_blocks(say: Say, objective: ObjectiveDigest, names: Names) -> list[Block]:
    heading = Section(
        say(
            "digest_objective",
            objective=objective.objective,
            owner=names.of(str(objective.objective.owner)),
            progress=objective.progress,
            previous=objective.previous_progress,
        )
    )
    krs, more = _first(objective.key_results, MOST_KRS)
    lines = [
        say(
            "digest_kr",
            kr=d.kr,
            progress=d.progress,
            delta=d.delta,
            expected=d.expected,
            confidence=d.confidence,
            previous_confidence=d.previous_confidence,
            trend=d.confidence_trend,
        )
        for d in krs
    ]
    if more:
        lines.append(say("digest_more_krs", count=more))
    return [heading, Context("\n".join(lines))] if lines else [heading]


def _risks(say: Say, digest: Digest, names: Names) -> list[Block]:
    at_risk = sorted(digest.at_risk, key=_shortfall)
    if not at_risk:
        found: list[Block] = [Section(say("digest_no_risk"))]
    else:
        named, more = _first(at_risk, MOST_NAMED)
        items = [(d, names.of(d.owner)) for d in named]
        found = [Section(say("digest_at_risk", items=items, more=more, team=digest.team.id))]
    if digest.blockers:
        blocked, more = _first(digest.blockers, MOST_NAMED)
        comments = [(d, names.of(d.owner), comment) for d, comment in blocked]
        found.append(Section(say("digest_blockers", items=comments, more=more)))
    return found


def _people(say: Say, digest: Digest, names: Names) -> str:
    checked, _ = _first(digest.checked_in, MOST_NAMED)
    missing, _ = _first(digest.not_checked_in, MOST_NAMED)
    return say(
        "digest_people",
        checked=len(digest.checked_in),
        missing=len(digest.not_checked_in),
        total=len(digest.checked_in) + len(digest.not_checked_in),
        checked_names=[names.of(p) for p in checked],
        missing_names=[names.of(p) for p in missing],
    )


def _labels(objectives: Sequence[ObjectiveDigest], names: Names) -> list[str]:
    """A short label per bar, its owner's name after its title; two alike get their ids."""
    labels = [
        f"{_clip(o.objective.title, 36)} · {_clip(names.of(str(o.objective.owner)), 18)}"
        for o in objectives
    ]
    alike = Counter(labels)
    return [
        f"{label} ({o.objective.id})" if alike[label] > 1 else label
        for label, o in zip(labels, objectives, strict=True)
    ]


def _clip(text: str, columns: int) -> str:
    """At most `columns` wide, as drawn: a Chinese character is two Latin letters wide."""
    width = 0
    for end, char in enumerate(text):
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        if width > columns:
            return text[: max(end - 1, 0)].rstrip() + "…"
    return text


def _furthest_behind(objectives: Sequence[ObjectiveDigest]) -> list[ObjectiveDigest]:
    return sorted(objectives, key=lambda o: o.progress - o.expected)


def _shortfall(d: KeyResultDigest) -> tuple[float, float]:
    """The KRs furthest behind first, then the least confident."""
    return (d.progress - d.expected, 1.0 if d.confidence is None else d.confidence)


def _first(items: Sequence[T], most: int) -> tuple[Sequence[T], int]:
    """The first `most` items, and how many more there are."""
    return items[:most], max(0, len(items) - most)
