"""A company on Slack and Feishu is one tenant: a person with both ids is one person, whose
check-in counts wherever it is answered (over SQL, SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from bot import views
from bot.table import import_table
from okrbot.platforms import TABLE_COLUMNS
from storage.unit_of_work import SqlUnitOfWork, session_factory
from tests.feishu.conftest import Feishu
from tests.feishu.wire import menu, text_message
from tests.workspace import example_table


@pytest.fixture
def sql_feishu(standin, engine, clock):
    sessions = session_factory(engine)
    import_table(
        SqlUnitOfWork(sessions),
        clock,
        tenant="local",
        data=example_table(),
        platforms=TABLE_COLUMNS,
    )
    app = Feishu(standin, lambda: SqlUnitOfWork(sessions), clock)
    yield app
    app.close()


def test_a_check_in_answered_on_feishu_shows_in_the_okrs_of_the_person(sql_feishu) -> None:
    sql_feishu.event("application.bot.menu_v6", menu("ou_mia", "check_in"))
    sql_feishu.event("im.message.receive_v1", text_message("ou_mia", "KR1 47k, confidence 8/10"))
    okrs = views.person_okrs(sql_feishu.unit_of_work(), tenant="local", person_id="mia")
    kr = next(kr for o in okrs.objectives for kr in o.key_results if kr.id == "kr-e1")
    assert (kr.current, kr.confidence) == (47_000, 0.8)


def test_the_person_answering_on_feishu_is_the_one_with_the_slack_id(sql_feishu) -> None:
    sql_feishu.event("im.message.receive_v1", text_message("ou_mia", "okr me"))
    uow = sql_feishu.unit_of_work()
    with uow:
        person = uow.people.by_platform_id("local", "feishu", "ou_mia")
        count = len(uow.people.list("local"))
    assert (person.id, person.platform_ids, count) == (
        "mia",
        {"slack": "U0MIA", "feishu": "ou_mia"},
        7,
    )
