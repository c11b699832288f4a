"""Platform events handled once: a redelivered event is recognised and dropped, and the record
of handled events is kept only as long as a platform may still redeliver one."""

from __future__ import annotations

from datetime import timedelta

from bot.context import Chat

# Slack retries an event three times within the hour and Feishu's retries end within a day;
# a week leaves room for a replica that was down while they came.
EVENTS_REMEMBERED = timedelta(days=7)


def first_delivery(chat: Chat, tenant: str, event_id: str) -> bool:
    """Whether this platform event is new; a redelivered one must change nothing."""
    uow = chat.unit_of_work()
    with uow:
        fresh = uow.events.first_time(tenant, chat.platform.name, event_id, chat.clock.now())
        uow.commit()
    return fresh


def forget_old_events(chat: Chat, tenant: str) -> int:
    """Forget the tenant's events handled longer ago than any platform redelivers them."""
    uow = chat.unit_of_work()
    with uow:
        forgotten = uow.events.forget_before(
            tenant, chat.platform.name, chat.clock.now() - EVENTS_REMEMBERED
        )
        uow.commit()
    return forgotten
