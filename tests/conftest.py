"""Shared fixtures: stores on both engines, the spaCy pipeline, paths to shared data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
PG_URL = os.environ.get("SOURCETRACE_TEST_PG")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In CI the PostgreSQL tests must run: a missing server fails them instead of skipping."""
    if PG_URL or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason="set SOURCETRACE_TEST_PG to a PostgreSQL URL to run")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database URL on each engine."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    if not PG_URL:
        pytest.fail("SOURCETRACE_TEST_PG is not set, but CI must run the PostgreSQL tests")
    _reset_postgres(PG_URL)
    return PG_URL


@pytest.fixture
def store(db_url: str) -> Iterator[object]:
    from sourcetrace.store.db import open_store

    s = open_store(db_url)
    yield s
    s.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[object]:
    from sourcetrace.store.db import open_store

    s = open_store(f"sqlite:///{tmp_path / 'test.db'}")
    yield s
    s.close()


@pytest.fixture(scope="session")
def nlp() -> object:
    """The full extraction pipeline, loaded once per test session."""
    from sourcetrace.extract.pipeline import load_pipeline

    return load_pipeline("en")
