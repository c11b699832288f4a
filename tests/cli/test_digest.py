"""The biweekly digest of a team of 60 from the command line (`okrbot import`, then `okrbot jobs
run biweekly-digest --platform console`): posted whole, every section there, what it does not
name counted, with a chart."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.cli.conftest import Cli, Run
from tests.workspace import team_table

DIGEST_FRIDAY = "2026-11-06T08:00+00:00"  # 16:00 in Shanghai


@pytest.fixture
def digest(cli: Cli, tmp_path: Path) -> Run:
    table = tmp_path / "team.yaml"
    table.write_text(yaml.safe_dump(team_table(60)), encoding="utf-8")
    assert cli("import", str(table)).code == 0
    return cli("jobs", "run", "biweekly-digest", "--platform", "console", "--at", DIGEST_FRIDAY)


def test_the_digest_of_a_team_of_60_is_posted_with_every_section(digest: Run) -> None:
    sections = (
        "Biweekly wrap-up · Big · 2026-Q4 · 2026-10-23 → 2026-11-06",
        "60 people · 121 objectives · 241 KRs",
        "Ship the platform · Big",
        "At risk: ",
        "Checked in (0 of 60): nobody",
        "of objectives come bottom-up",
        "Four-quadrant board · Big",
        "Next fortnight: ",
    )
    assert [section for section in sections if section not in digest.out] == []


def test_the_digest_of_a_team_of_60_counts_what_it_does_not_name(digest: Run) -> None:
    counted = (
        "…and 115 more objectives, ",
        " more at risk — /okr team big or /okr @name",
        "Person p0007 and 52 more",
    )
    assert [words for words in counted if words not in digest.out] == []


def test_the_digest_of_a_team_of_60_comes_with_its_chart(digest: Run) -> None:
    assert "[image for #big: digest-big-2026-11-06, " in digest.out
