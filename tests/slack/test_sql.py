"""The same bot over SQL storage: what the in-memory workspace shows holds on a database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from bot.table import import_table
from okrbot.platforms import TABLE_COLUMNS
from storage.unit_of_work import SqlUnitOfWork, session_factory
from tests.fakes import FixedClock
from tests.slack.conftest import start
from tests.slack.slack import Slack
from tests.slack.standin import SlackStandIn, text_of
from tests.workspace import example_table


@pytest.fixture
def sql_slack(sql_uow: SqlUnitOfWork, engine: Engine, clock: FixedClock) -> Iterator[Slack]:
    import_table(sql_uow, clock, tenant="local", data=example_table(), platforms=TABLE_COLUMNS)
    units = session_factory(engine)
    with SlackStandIn() as standin:
        # One unit of work per call, as the application builds them: requests run in parallel.
        for served in start(standin, lambda: SqlUnitOfWork(units), clock):
            yield Slack(served.url, standin, settle=served.settle)


def test_okr_colleague_shows_their_key_results(sql_slack: Slack) -> None:
    sql_slack.command("U0MIA", "<@U0RAJ|raj>")
    assert "Raj Patel" in text_of(sql_slack.standin.wait_for("respond")[0])


def test_a_dm_reply_is_stored_and_a_redelivery_applied_once(
    sql_slack: Slack, sql_uow: SqlUnitOfWork
) -> None:
    sql_slack.command("U0MIA", "checkin")
    sql_slack.standin.wait_for("respond")
    sql_slack.dm("U0MIA", "KR2 3 more", event_id="Ev0ONCE")
    sql_slack.standin.wait_for("chat.update")
    sql_slack.dm("U0MIA", "KR2 3 more", event_id="Ev0ONCE", headers={"X-Slack-Retry-Num": "1"})
    sql_slack.settle()
    with sql_uow:
        kr = sql_uow.objectives.with_key_result("local", "kr-e2").key_result("kr-e2")
    assert kr.current == 5
