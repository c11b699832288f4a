"""Many workspaces (OAuth installs in our database): each is its own tenant, spoken to with its
own bot token, and none sees another's OKRs. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import copy
from collections.abc import Iterator

import pytest
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlalchemy import Engine

from adapters.slack.app import OAuth
from bot.table import import_table
from okrbot.platforms import TABLE_COLUMNS
from storage.unit_of_work import SqlUnitOfWork, session_factory
from tests.fakes import FixedClock
from tests.slack.conftest import Served, start
from tests.slack.slack import Slack
from tests.slack.standin import SlackStandIn, text_of
from tests.workspace import example_table

CLIENT_ID = "111.222"


def other_company() -> dict[str, object]:
    """The example table, every objective and KR retitled as another company's."""
    data = copy.deepcopy(example_table())
    for objective in data["objectives"]:  # type: ignore[attr-defined]
        objective["title"] = "Globex " + objective["title"]
        for kr in objective["key_results"]:
            kr["title"] = "Globex " + kr["title"]
    return data


def install(engine: Engine, team: str, token: str) -> None:
    SQLAlchemyInstallationStore(client_id=CLIENT_ID, engine=engine).save(
        Installation(
            app_id="A0OKRBOT",
            team_id=team,
            team_name=team,
            bot_token=token,
            bot_id=f"B{team}",
            bot_user_id="U0BOT",
            bot_scopes="chat:write,commands",
            user_id="U0INSTALLER",
        )
    )


@pytest.fixture
def served_many(engine: Engine, clock: FixedClock) -> Iterator[tuple[Served, SlackStandIn]]:
    units = session_factory(engine)
    import_table(
        SqlUnitOfWork(units), clock, tenant="T0ACME", data=example_table(), platforms=TABLE_COLUMNS
    )
    import_table(
        SqlUnitOfWork(units),
        clock,
        tenant="T0GLOBEX",
        data=other_company(),
        platforms=TABLE_COLUMNS,
    )
    install(engine, "T0ACME", "xoxb-acme")
    install(engine, "T0GLOBEX", "xoxb-globex")
    with SlackStandIn(teams={"xoxb-acme": "T0ACME", "xoxb-globex": "T0GLOBEX"}) as standin:
        oauth = OAuth(CLIENT_ID, "client-secret", engine=engine)
        for served in start(standin, lambda: SqlUnitOfWork(units), clock, oauth=oauth):
            yield served, standin


def test_each_workspace_is_spoken_to_with_its_own_token(served_many) -> None:
    served, standin = served_many
    Slack(served.url, standin, team="T0GLOBEX").command("U0MIA", "checkin")
    sent = standin.wait_for("chat.postMessage")[0]
    assert sent.token == "xoxb-globex"


def test_a_workspace_sees_only_its_own_okrs(served_many) -> None:
    served, standin = served_many
    Slack(served.url, standin, team="T0ACME").command("U0MIA", "<@U0MIA>")
    Slack(served.url, standin, team="T0GLOBEX").command("U0RAJ", "<@U0MIA>")
    shown = [text_of(call) for call in standin.wait_for("respond", count=2)]
    acme = next(text for text in shown if "Turn launch week" in text and "Globex" not in text)
    globex = next(text for text in shown if "Globex Turn launch week" in text)
    assert (acme.count("Globex"), globex.count("Globex") >= 4) == (0, True)


def test_a_check_in_answered_in_one_workspace_changes_nothing_in_another(
    served_many, engine
) -> None:
    served, standin = served_many
    globex = Slack(served.url, standin, team="T0GLOBEX")
    globex.command("U0MIA", "checkin")
    standin.wait_for("respond")
    globex.dm("U0MIA", "KR1 50k")
    standin.wait_for("chat.update")
    units = session_factory(engine)
    values = {}
    for tenant in ("T0ACME", "T0GLOBEX"):
        uow = SqlUnitOfWork(units)
        with uow:
            values[tenant] = uow.objectives.with_key_result(tenant, "kr-e1").key_results[0].current
    assert values == {"T0ACME": 45_000, "T0GLOBEX": 50_000}


def test_a_workspace_that_never_installed_the_app_is_asked_to_install_it(served_many) -> None:
    served, standin = served_many
    Slack(served.url, standin, team="T0INITECH").command("U0MIA", "<@U0MIA>")
    served.settle()
    answers = [text_of(call) for call in standin.ok_calls("respond")]
    assert (len(answers), "reinstall" in answers[0], "launch week" in answers[0]) == (
        1,
        True,
        False,
    )
