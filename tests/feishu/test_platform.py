"""The bot's own sends through the open API: rate limits, images, tenants."""

from __future__ import annotations

import pytest

from bot.messages import Message, Section
from bot.table import import_table
from okrbot.platforms import TABLE_COLUMNS
from tests.fakes import FakeUnitOfWork
from tests.feishu.cards import shown_text
from tests.feishu.conftest import Feishu
from tests.feishu.wire import menu, text_message
from tests.workspace import example_table


def test_a_rate_limited_send_is_retried_after_the_reset_and_delivered_once(feishu) -> None:
    feishu.standin.limit_next(2, reset_seconds=3)
    ref = feishu.app.platform.send_dm("local", "ou_mia", Message.of(Section("hello")))
    assert (
        feishu.standin.rate_limited_answers,
        feishu.waits,
        [s.message_id for s in feishu.sent_to("ou_mia")],
    ) == (2, [3.0, 3.0], [ref.id])


def test_a_rate_limited_check_in_reaches_the_person_exactly_once(feishu) -> None:
    feishu.standin.limit_next(1, reset_seconds=2)
    feishu.event("application.bot.menu_v6", menu("ou_mia", "check_in"))
    assert (len(feishu.sent_to("ou_mia")), feishu.waits) == (1, [2.0])


def test_a_send_still_rate_limited_after_every_retry_fails_loudly(feishu) -> None:
    from adapters.feishu.platform import FeishuError

    feishu.standin.limit_next(10, reset_seconds=1)
    with pytest.raises(FeishuError) as failed:
        feishu.app.platform.send_dm("local", "ou_mia", Message.of(Section("hello")))
    assert (failed.value.code, feishu.standin.sent) == (99991400, [])


def test_a_resend_with_the_same_key_is_one_message(feishu) -> None:
    card = {"schema": "2.0", "body": {"elements": []}}
    first = feishu.app.platform.send_card("local", "chat_id", "oc_eng", card, key="k-1")
    again = feishu.app.platform.send_card("local", "chat_id", "oc_eng", card, key="k-1")
    assert (first, len(feishu.standin.sent)) == (again, 1)


def test_an_image_is_uploaded_then_posted_to_the_channel(feishu) -> None:
    png = b"\x89PNG\r\n\x1a\n-chart-"
    feishu.app.platform.upload_image("local", "oc_mkt", png, "weekly chart")
    [sent] = feishu.sent_to("oc_mkt")
    assert (
        sent.msg_type,
        sent.content.startswith('{"image_key": "img_v2_'),
        png in feishu.standin.images[0],
    ) == ("image", True, True)


def test_looking_up_someone_the_contacts_do_not_show_gives_nothing(feishu) -> None:
    assert feishu.app.platform.lookup_user("local", "ou_hidden") is None


@pytest.fixture
def two_tenants(standin, clock):
    uow = FakeUnitOfWork()
    for tenant in ("tk_acme", "tk_globex"):
        import_table(uow, clock, tenant=tenant, data=example_table(), platforms=TABLE_COLUMNS)
    app = Feishu(standin, lambda: uow, clock, multi_tenant=True)
    app.wire.post(
        {
            "uuid": "u-1",
            "token": app.wire.token,
            "ts": "1762074000.0",
            "type": "event_callback",
            "event": {"app_id": app.app_id, "app_ticket": "ticket-1", "type": "app_ticket"},
        }
    )
    yield app
    app.close()


def test_a_store_app_keeps_each_tenants_okrs_apart(two_tenants) -> None:
    feishu = two_tenants
    feishu.event("application.bot.menu_v6", menu("ou_mia", "check_in"), tenant_key="tk_acme")
    feishu.event("im.message.receive_v1", text_message("ou_mia", "KR1 47k"), tenant_key="tk_acme")
    assert (
        feishu.values("kr-e1", tenant="tk_acme"),
        feishu.values("kr-e1", tenant="tk_globex"),
    ) == ([47_000], [45_000])


def test_a_store_app_answers_each_tenant_with_that_tenants_token(two_tenants) -> None:
    feishu = two_tenants
    feishu.event("application.bot.menu_v6", menu("ou_mia", "my_okrs"), tenant_key="tk_globex")
    [sent] = feishu.sent_to("ou_mia")
    assert feishu.standin.tenant_of(sent.token) == "tk_globex"


def test_the_same_event_id_in_two_tenants_is_two_events(two_tenants) -> None:
    feishu = two_tenants
    for tenant in ("tk_acme", "tk_globex"):
        feishu.event(
            "application.bot.menu_v6",
            menu("ou_mia", "my_okrs"),
            tenant_key=tenant,
            event_id="ev_same",
        )
    assert sorted(feishu.standin.tenant_of(s.token) for s in feishu.sent_to("ou_mia")) == [
        "tk_acme",
        "tk_globex",
    ]


def test_a_self_built_app_serves_every_event_as_the_local_tenant(feishu) -> None:
    feishu.event("application.bot.menu_v6", menu("ou_mia", "my_okrs"), tenant_key="tk_other")
    [sent] = feishu.sent_to("ou_mia")
    assert "Mia Torres" in shown_text(sent.card)
