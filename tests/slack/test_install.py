"""A workspace installs the app through OAuth, end to end: a person opens our install page, Slack
(the stand-in) grants a code, Slack sends the person's browser back to our redirect with that
code and the state we issued, the real Bolt app exchanges the code through `oauth.v2.access` and
stores the installation in our database; from then on the new workspace is a tenant answered
with its own bot token. Runs on SQLite and PostgreSQL.

What Bolt 1.30 does here (slack_bolt/oauth/oauth_flow.py): `GET /slack/install` answers 200 with
an HTML page whose "Add to Slack" link is Slack's authorize URL (it does not redirect: the
install page rendering is on by default), issues a state in the state store and sets it as the
`slack-app-oauth-state` cookie. `GET /slack/oauth_redirect` first wants that cookie to carry
the state of the query (400 `invalid_browser` otherwise), then consumes the state from the store
(401 `invalid_state` if it was never issued, has expired or was used), then exchanges the code
(401 `invalid_code` if Slack refuses it), stores the installation, and answers a 200 page that
sends the person on to Slack. Each answer deletes the cookie."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlalchemy import Engine, select

from adapters.slack.app import BOT_SCOPES, INSTALL_PATH, REDIRECT_PATH, OAuth
from bot.table import import_table
from okrbot.platforms import TABLE_COLUMNS
from storage.unit_of_work import SqlUnitOfWork, session_factory
from tests.fakes import FixedClock
from tests.slack.conftest import Served, start
from tests.slack.slack import Slack
from tests.slack.standin import SlackStandIn
from tests.workspace import example_table

CLIENT_ID = "111.222"
CLIENT_SECRET = "3e1f0c9a7b5d4e2f8a6c1b0d9e7f5a3c"
STATE_COOKIE = "slack-app-oauth-state"
AUTHORIZE_URL = "https://slack.com/oauth/v2/authorize"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)  # the parser has already unescaped `&amp;`


@dataclass(frozen=True)
class Page:
    status: int
    body: str

    def links(self) -> list[str]:
        parser = _Links()
        parser.feed(self.body)
        return parser.hrefs

    def reason(self) -> str | None:
        """The reason Bolt's failure page names, e.g. `invalid_state`."""
        found = re.search(r"\(reason: ([a-z_]+)", self.body)
        return found.group(1) if found else None


@dataclass(frozen=True)
class Authorize:
    """Slack's authorize URL, split: where it points and its query."""

    url: str
    query: dict[str, str]

    @classmethod
    def of(cls, link: str) -> Authorize:
        parts = urlsplit(link)
        query = {
            name: values[0]
            for name, values in parse_qs(parts.query, keep_blank_values=True).items()
        }
        return cls(f"{parts.scheme}://{parts.netloc}{parts.path}", query)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # a redirect is an answer to look at, not to follow


class Browser:
    """A person's browser on our pages: it keeps the cookies they set and sends them back.
    Browsers keep `Secure` cookies for loopback (a potentially trustworthy origin) over plain
    HTTP, so this one does too; redirects are shown, not followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar(
            http.cookiejar.DefaultCookiePolicy(secure_protocols=("https", "wss", "http"))
        )
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects()
        )

    def open(self, path: str, *, headers: dict[str, str] | None = None) -> Page:
        request = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with self._opener.open(request, timeout=10) as response:
                return Page(response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return Page(error.code, error.read().decode())

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.cookies if c.name == name), None)

    def install(self) -> Authorize:
        """Open the install page and follow its "Add to Slack" link (to Slack's authorize
        URL, which nothing here fetches)."""
        return Authorize.of(self.open(INSTALL_PATH).links()[0])

    def come_back(self, code: str, state: str) -> Page:
        """Slack sends the browser back to our redirect."""
        return self.open(f"{REDIRECT_PATH}?{urlencode({'code': code, 'state': state})}")


@dataclass
class Installing:
    served: Served
    standin: SlackStandIn
    engine: Engine

    @property
    def base(self) -> str:
        return self.served.url.removesuffix("/slack/events")

    def browser(self) -> Browser:
        return Browser(self.base)

    def stored_teams(self) -> list[str]:
        """The workspaces whose bot our database holds (the installation store's bots)."""
        store = SQLAlchemyInstallationStore(client_id=CLIENT_ID, engine=self.engine)
        with self.engine.connect() as connection:
            return sorted(connection.scalars(select(store.bots.c.team_id)))

    def exchanges(self) -> list[dict[str, object]]:
        """What the stand-in answered to each `oauth.v2.access`."""
        return [dict(answer) for answer in self.standin.answers("oauth.v2.access")]


@pytest.fixture
def installing(engine: Engine, clock: FixedClock) -> Iterator[Installing]:
    units = session_factory(engine)
    with SlackStandIn(oauth_client=(CLIENT_ID, CLIENT_SECRET)) as standin:
        oauth = OAuth(CLIENT_ID, CLIENT_SECRET, engine=engine)
        for served in start(standin, lambda: SqlUnitOfWork(units), clock, oauth=oauth):
            yield Installing(served, standin, engine)


def test_the_install_page_links_to_slacks_authorize_url_with_our_client_id_scopes_and_a_state(
    installing,
) -> None:
    browser = installing.browser()
    page = browser.open(INSTALL_PATH)
    authorize = Authorize.of(page.links()[0])
    state = browser.cookie(STATE_COOKIE) or "(no state cookie)"
    assert (page.status, authorize) == (
        200,
        Authorize(
            AUTHORIZE_URL,
            {
                "state": state,
                "client_id": CLIENT_ID,
                "scope": ",".join(BOT_SCOPES),
                "user_scope": "",
            },
        ),
    )


def test_the_redirect_with_slacks_code_and_our_state_stores_the_installation_slack_granted(
    installing,
) -> None:
    browser = installing.browser()
    authorize = browser.install()
    installing.standin.grant(
        "code-initech",
        team="T0INITECH",
        team_name="Initech",
        bot_token="xoxb-initech",
        scopes=authorize.query["scope"],
        bot_user_id="U0OKRINI",
    )
    page = browser.come_back("code-initech", authorize.query["state"])
    bot = SQLAlchemyInstallationStore(client_id=CLIENT_ID, engine=installing.engine).find_bot(
        enterprise_id=None, team_id="T0INITECH"
    )
    assert bot is not None
    assert (
        page.status,
        page.links()[0],
        installing.stored_teams(),
        (bot.app_id, bot.bot_token, bot.bot_user_id, bot.bot_id, bot.bot_scopes),
    ) == (
        200,
        "slack://app?team=T0INITECH&id=A0OKRBOT",
        ["T0INITECH"],
        ("A0OKRBOT", "xoxb-initech", "U0OKRINI", "B0BOT", list(BOT_SCOPES)),
    )


def test_a_newly_installed_workspace_is_answered_with_its_own_bot_token(installing, clock) -> None:
    import_table(
        SqlUnitOfWork(session_factory(installing.engine)),
        clock,
        tenant="T0INITECH",
        data=example_table(),
        platforms=TABLE_COLUMNS,
    )
    browser = installing.browser()
    authorize = browser.install()
    installing.standin.grant(
        "code-initech", team="T0INITECH", bot_token="xoxb-initech", scopes=authorize.query["scope"]
    )
    browser.come_back("code-initech", authorize.query["state"])
    Slack(installing.served.url, installing.standin, team="T0INITECH").command("U0MIA", "checkin")
    sent = installing.standin.wait_for("chat.postMessage")[0]
    assert sent.token == "xoxb-initech"


def test_a_redirect_with_a_state_the_app_never_issued_stores_nothing(installing) -> None:
    installing.standin.grant(
        "code-initech", team="T0INITECH", bot_token="xoxb-initech", scopes=",".join(BOT_SCOPES)
    )
    forged = "0f7a2b9c-forged-state"
    # Made by hand (no browser would hold a state we never issued), with the cookie to match
    # so that it passes the browser check and reaches the state store.
    page = installing.browser().open(
        f"{REDIRECT_PATH}?{urlencode({'code': 'code-initech', 'state': forged})}",
        headers={"Cookie": f"{STATE_COOKIE}={forged}"},
    )
    assert (page.status, page.reason(), installing.stored_teams(), installing.exchanges()) == (
        401,
        "invalid_state",
        [],
        [],
    )


def test_a_redirect_to_a_browser_that_did_not_open_the_install_page_stores_nothing(
    installing,
) -> None:
    authorize = installing.browser().install()  # someone else's install, someone else's state
    installing.standin.grant(
        "code-initech", team="T0INITECH", bot_token="xoxb-initech", scopes=authorize.query["scope"]
    )
    page = installing.browser().come_back("code-initech", authorize.query["state"])
    assert (page.status, page.reason(), installing.stored_teams(), installing.exchanges()) == (
        400,
        "invalid_browser",
        [],
        [],
    )


def test_a_redirect_with_a_code_slack_never_granted_stores_nothing(installing) -> None:
    browser = installing.browser()
    authorize = browser.install()
    page = browser.come_back("code-nobody-granted", authorize.query["state"])
    assert (page.status, page.reason(), installing.stored_teams(), installing.exchanges()) == (
        401,
        "invalid_code",
        [],
        [{"ok": False, "error": "invalid_code"}],
    )


def test_a_state_once_used_cannot_install_again(installing) -> None:
    browser = installing.browser()
    authorize = browser.install()
    state = authorize.query["state"]
    installing.standin.grant(
        "code-initech", team="T0INITECH", bot_token="xoxb-initech", scopes=authorize.query["scope"]
    )
    installing.standin.grant(
        "code-hooli", team="T0HOOLI", bot_token="xoxb-hooli", scopes=authorize.query["scope"]
    )
    browser.come_back("code-initech", state)
    # The success page deleted the browser's cookie: replay the whole redirect as first sent,
    # cookie included, with a code Slack did grant, so that only the used state stands in the way.
    replay = installing.browser().open(
        f"{REDIRECT_PATH}?{urlencode({'code': 'code-hooli', 'state': state})}",
        headers={"Cookie": f"{STATE_COOKIE}={state}"},
    )
    assert (
        replay.status,
        replay.reason(),
        installing.stored_teams(),
        len(installing.exchanges()),
    ) == (401, "invalid_state", ["T0INITECH"], 1)
