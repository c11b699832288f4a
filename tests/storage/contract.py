"""Marks a test module as part of the storage contract: its tests take the `uow` fixture and
run against the in-memory fake as well as SQL on each database, proving the fake faithful."""

from __future__ import annotations

import pytest

from tests.databases import BACKENDS

# `fake` comes last so the databases keep the positions `tests/conftest.py` gives them: pytest
# then groups the tests by database and creates each database once per session.
over_fake_and_databases = pytest.mark.parametrize(
    "database_backend", (*BACKENDS, "fake"), indirect=True
)
