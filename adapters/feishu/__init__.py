"""Feishu (Lark) as a chat platform, through lark-oapi: events and card callbacks over HTTP or
the long connection, interactive cards (schema 2.0) out, the open API for sends and lookups."""
