"""Which tenant of ours a Feishu event belongs to, and how to call the open API for it.

A self-built app lives in one company: everything is tenant `local`, so the OKR table imported
with `okrbot import` is the one the bot serves, and a company on Slack and Feishu is one tenant.
A store app (FEISHU_MULTI_TENANT) serves many companies: each `tenant_key` is its own tenant,
and its calls use that tenant's access token, got with the app ticket Feishu pushes."""

from __future__ import annotations

import threading

import lark_oapi as lark

from bot.model import LOCAL_TENANT


class Tenancy:
    def __init__(self, *, multi_tenant: bool = False) -> None:
        self.multi_tenant = multi_tenant
        self._app_ticket: str | None = None
        self._lock = threading.Lock()

    def of(self, tenant_key: str | None) -> str:
        """Our tenant for an event's `tenant_key`."""
        if self.multi_tenant and tenant_key:
            return tenant_key
        return LOCAL_TENANT

    def remember_app_ticket(self, ticket: str) -> None:
        with self._lock:
            self._app_ticket = ticket

    def request_option(self, tenant: str) -> lark.RequestOption:
        """How to call the open API on behalf of `tenant`."""
        if not self.multi_tenant:
            return lark.RequestOption()
        with self._lock:
            ticket = self._app_ticket
        builder = lark.RequestOption.builder().tenant_key(tenant)
        if ticket:
            builder = builder.app_ticket(ticket)
        return builder.build()
