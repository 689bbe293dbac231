"""The feed tables (migration 0007) on both backends: validators kept across polls, item states and attempts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from detente.store import Workspace
from detente.store.feeds import FAILED, INGESTED, MAX_ATTEMPTS, REJECTED, FeedStore
from postgres_support import Backend


@pytest.fixture
def store(tmp_path: Path, backend: Backend) -> Iterator[FeedStore]:
    with Workspace.open(tmp_path / "ws", database=backend.url()) as workspace:
        yield FeedStore(workspace)


def test_validators_are_kept_when_a_poll_fails(store: FeedStore) -> None:
    feed = "https://a.example/feed"
    assert store.validators(feed) == (None, None)
    store.checked(feed, etag='"v1"', last_modified="Fri, 09 Sep 2016 10:00:00 GMT")
    store.checked(feed, etag=None, last_modified=None, error="HTTP 503")
    assert store.validators(feed) == ('"v1"', "Fri, 09 Sep 2016 10:00:00 GMT")
    store.checked(feed, etag='"v2"', last_modified=None)
    assert store.validators(feed) == ('"v2"', "Fri, 09 Sep 2016 10:00:00 GMT")


def test_pending_items(store: FeedStore) -> None:
    feed = "https://a.example/feed"
    keys = [f"k{i}" for i in range(1200)]  # more than one chunk of the IN query
    store.record([("k0", feed, "https://a.example/0", INGESTED, None), ("k1", feed, "u1", REJECTED, "no text"),
                  ("k2", feed, "u2", FAILED, "HTTP 503"), ("k1100", feed, "u", INGESTED, None)])  # fmt: skip
    pending = store.pending(keys)
    assert "k0" not in pending and "k1" not in pending and "k1100" not in pending
    assert "k2" in pending and "k3" in pending and len(pending) == 1197
    for _ in range(MAX_ATTEMPTS - 1):
        store.record([("k2", feed, "u2", FAILED, "HTTP 503")])
    assert "k2" not in store.pending(keys)  # given up after MAX_ATTEMPTS
    assert store.counts() == {INGESTED: 2, REJECTED: 1, FAILED: 1}
