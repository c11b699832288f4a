"""Messages that give an overview: the alignment tree, the four-quadrant board, the weekly
report, dependencies."""

from __future__ import annotations

from collections.abc import Sequence

from bot.execution import Dependencies
from bot.insights import Board, WeeklyReport
from bot.messages import Block, Context, Divider, Fields, Message, Section
from bot.model import Locale, Task
from bot.texts import Say, Texts
from bot.views import AlignmentNode, AlignmentTree

MOST_LINES = 8  # of a board's quadrant or a list of dependencies: a team's may be long


def tree_message(texts: Texts, locale: Locale, tree: AlignmentTree) -> Message:
    say = texts.voice(locale, "overviews")
    if not tree.roots:
        return Message.of(Section(say("tree_empty", period=tree.period)))
    lines: list[str] = []

    def walk(node: AlignmentNode, depth: int) -> None:
        lines.append(
            say("tree_node", depth=depth, objective=node.objective, owner=str(node.objective.owner))
        )
        for child in node.children:
            walk(child, depth + 1)

    for root in tree.roots:
        walk(root, 0)
    return Message.of(
        Section(say("tree_heading", period=tree.period, share=tree.bottom_up_share)),
        Section("\n".join(lines)),
    )


def board_message(texts: Texts, locale: Locale, owner: str, board: Board) -> Message:
    say = texts.voice(locale, "overviews")
    return Message.of(
        Section(say("board_heading", owner=owner, period=board.period)),
        Fields(
            (
                (say("board_priorities"), _lines(say, _tasks(say, board.priorities))),
                (say("board_next_weeks"), _lines(say, _tasks(say, board.next_weeks))),
                (
                    say("board_confidence"),
                    _lines(
                        say,
                        [
                            say("confidence_line", kr=kr, confidence=confidence)
                            for kr, confidence in board.confidence
                        ],
                    ),
                ),
                (
                    say("board_health"),
                    _lines(say, [say("health_line", pace=pace) for pace in board.health]),
                ),
            )
        ),
    )


def report_message(texts: Texts, locale: Locale, owner: str, report: WeeklyReport) -> Message:
    say = texts.voice(locale, "overviews")
    blocks: list[Block] = [
        Section(say("report_heading", owner=owner, week_start=report.week_start))
    ]
    for week in report.key_results:
        blocks.append(
            Section(
                say("report_line", kr=week.kr, start=week.start_value, checked=bool(week.check_ins))
            )
        )
        blocks.extend(Context(say("report_blocker", comment=comment)) for comment in week.blockers)
    if report.next_week:
        blocks += [
            Divider(),
            Section(say("report_next")),
            Section("\n".join(_tasks(say, report.next_week))),
        ]
    return Message.of(*blocks)


def deps_message(texts: Texts, locale: Locale, owner: str, deps: Dependencies) -> Message:
    say = texts.voice(locale, "overviews")
    return Message.of(
        Section(say("deps_heading", owner=owner)),
        Fields(
            (
                (
                    say("deps_mine"),
                    _lines(
                        say,
                        [
                            say(
                                "dep_line",
                                kr=d.kr_id,
                                on=str(d.on_owner),
                                on_kr=d.on_kr_id,
                                note=d.note,
                            )
                            for d in deps.mine
                        ],
                    ),
                ),
                (
                    say("deps_on_me"),
                    _lines(
                        say,
                        [
                            say(
                                "dep_line",
                                kr=d.on_kr_id or "?",
                                on=d.kr_id,
                                on_kr=d.on_kr_id,
                                note=d.note,
                            )
                            for d in deps.on_me
                        ],
                    ),
                ),
            )
        ),
    )


def _tasks(say: Say, tasks: Sequence[Task]) -> list[str]:
    return [say("task", task=task) for task in tasks]


def _lines(say: Say, items: Sequence[str]) -> str:
    """A list of at most `MOST_LINES` lines, the rest counted."""
    if not items:
        return say("nothing")
    shown = list(items[:MOST_LINES])
    if len(items) > MOST_LINES:
        shown.append(say("more_lines", count=len(items) - MOST_LINES))
    return "\n".join(shown)
