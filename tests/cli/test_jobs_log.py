"""`okrbot jobs log PERSON [--since DAY]`: a person's delivery log as plain English lines."""

from __future__ import annotations

from tests.cli.conftest import Cli


def checked_in(cli: Cli) -> Cli:
    """The example table with Monday 2 November's weekly check-in sent on the console."""
    assert (
        cli(
            "jobs",
            "run",
            "weekly-checkin",
            "--platform",
            "console",
            "--at",
            "2026-11-02T10:00+08:00",
        ).code
        == 0
    )
    return cli


def test_the_log_lists_each_delivery_in_the_persons_local_time(imported: Cli) -> None:
    run = checked_in(imported)("jobs", "log", "chen", "--since", "2026-11-01")
    assert (run.code, run.out.splitlines()) == (
        0,
        [
            "Delivery log of 陈伟 since 2026-11-01 (times in Asia/Shanghai): 1 sent.",
            "• Mon 2 Nov 10:00 · weekly check-in · sent",
        ],
    )


def test_nothing_before_the_day_given_is_listed(imported: Cli) -> None:
    run = checked_in(imported)("jobs", "log", "chen", "--since", "2026-11-03")
    assert run.out.splitlines() == ["Nothing was sent to 陈伟 since 2026-11-03."]


def test_an_unknown_person_is_one_line_on_stderr_and_exit_1_as_for_show(imported: Cli) -> None:
    run = imported("jobs", "log", "ghost")
    assert (run.code, run.out, run.err) == (1, "", "okrbot: there is no person 'ghost'\n")


def test_the_log_reads_the_workspace_given(imported: Cli) -> None:
    run = checked_in(imported)("jobs", "log", "chen", "--tenant", "elsewhere")
    assert (run.code, run.err) == (1, "okrbot: there is no person 'chen'\n")
