"""Bumps that an outage of the cache swallowed are not lost (participation.pagecache)."""

import time

import pytest
from django.test import Client

from guidelines.models import Comment
from participation import cache as resilient
from participation import pagecache
from tests.guidelines.factories import first_paragraph, make_comment, make_version

pytestmark = pytest.mark.usefixtures("page_cache")


@pytest.fixture(autouse=True)
def _nothing_missed(monkeypatch):
    monkeypatch.setattr(pagecache, "_missed", False)


def lose_bumps(monkeypatch):
    """The cache is unreachable: ResilientRedisCache answers add as stored, incr as done."""
    monkeypatch.setattr(resilient, "_unavailable_until", time.monotonic() + 60)
    monkeypatch.setattr(pagecache.cache, "add", lambda *args, **kwargs: True)
    monkeypatch.setattr(pagecache.cache, "incr", lambda *args, **kwargs: 1)


def test_a_page_changed_during_an_outage_is_not_served_from_before_it(db, monkeypatch):
    version = make_version()
    url = version.get_absolute_url()
    before = Client().get(url).content.decode()

    with monkeypatch.context() as outage:
        lose_bumps(outage)
        make_comment(first_paragraph(version), None, state=Comment.State.PUBLISHED)
        pagecache.bump_now([f"guidelines:{version.document.slug}"])  # swallowed
        assert pagecache._missed
    # Redis answers again (the monkeypatches are undone).

    after = Client().get(url).content.decode()

    assert after != before
    assert "1 Kommentar" in after
    assert not pagecache._missed


def test_no_epoch_bump_while_the_cache_is_reachable(db):
    version = make_version()
    url = version.get_absolute_url()
    Client().get(url)
    epoch = pagecache.current([pagecache.EPOCH])

    pagecache.bump_now([f"guidelines:{version.document.slug}"])

    assert pagecache.current([pagecache.EPOCH]) == epoch
    assert not pagecache._missed
