"""The metrics `okrbot serve` exports at `GET /metrics`, in Prometheus text format
(prometheus_client), behind the core's small `bot.ports.Meter` port: the engine and the web app
count by name, this module knows what each name is."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST


class PrometheusMeter:
    """A `Meter` over a registry of its own (so tests and processes never share one)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self._metrics: dict[str, Any] = {
            "okrbot_requests_total": Counter(
                "okrbot_requests_total",
                "Platform requests handled, by kind (route) and outcome (status class).",
                ["kind", "outcome"],
                registry=r,
            ),
            "okrbot_events_total": Counter(
                "okrbot_events_total",
                "Platform events handled, by platform, kind and outcome.",
                ["platform", "kind", "outcome"],
                registry=r,
            ),
            "okrbot_ack_seconds": Histogram(
                "okrbot_ack_seconds",
                "Time to answer (ack) a platform request.",
                ["kind"],
                buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0),
                registry=r,
            ),
            "okrbot_messages_total": Counter(
                "okrbot_messages_total",
                "Scheduled sends by platform, cadence and outcome (sent, found, retry, failed, "
                "already, skipped, released, expired).",
                ["platform", "cadence", "outcome"],
                registry=r,
            ),
            "okrbot_rate_limited_total": Counter(
                "okrbot_rate_limited_total",
                "Scheduled sends the platform answered 429 (waited out by every sender).",
                ["platform"],
                registry=r,
            ),
            "okrbot_fanout_backlog": Gauge(
                "okrbot_fanout_backlog",
                "Targets claimed or waiting for a retry, not yet settled.",
                ["platform"],
                registry=r,
            ),
            "okrbot_fanout_lag_seconds": Gauge(
                "okrbot_fanout_lag_seconds",
                "How far the oldest open fan-out is behind its schedule.",
                ["platform"],
                registry=r,
            ),
            "okrbot_scheduler_last_tick_timestamp_seconds": Gauge(
                "okrbot_scheduler_last_tick_timestamp_seconds",
                "When the scheduler last finished a tick (Unix time).",
                registry=r,
            ),
        }

    def count(self, name: str, labels: Mapping[str, str], amount: float = 1.0) -> None:
        self._child(name, labels).inc(amount)

    def observe(self, name: str, labels: Mapping[str, str], value: float) -> None:
        self._child(name, labels).observe(value)

    def gauge(self, name: str, labels: Mapping[str, str], value: float) -> None:
        self._child(name, labels).set(value)

    def exposition(self) -> tuple[str, bytes]:
        """The content type and body of `GET /metrics`."""
        return CONTENT_TYPE_LATEST, generate_latest(self.registry)

    def _child(self, name: str, labels: Mapping[str, str]) -> Any:
        metric = self._metrics[name]
        return metric.labels(**labels) if labels else metric
