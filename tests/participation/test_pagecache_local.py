"""Each process keeps the pages it served last (participation.pagecache._recall)."""

import pytest
from django.test import Client

from participation import pagecache
from tests.guidelines.factories import first_paragraph, make_comment, make_version

pytestmark = pytest.mark.usefixtures("page_cache")


@pytest.fixture
def page_reads(monkeypatch):
    """The keys of stored pages read from the shared cache."""
    reads: list[str] = []
    shared_get = pagecache.cache.get

    def get(key, *args, **kwargs):
        if key.startswith(pagecache.PAGE_PREFIX):
            reads.append(key)
        return shared_get(key, *args, **kwargs)

    monkeypatch.setattr(pagecache.cache, "get", get)
    monkeypatch.setattr(pagecache, "_local", pagecache.OrderedDict())
    return reads


def test_a_page_served_again_is_not_fetched_from_the_shared_cache(db, page_reads):
    url = make_version().get_absolute_url()
    first = Client().get(url)

    second = Client().get(url)

    assert second.content == first.content
    assert len(page_reads) == 1  # only the first request looked (and missed)


def test_a_change_is_shown_although_the_old_page_is_kept_locally(
    db, page_reads, django_capture_on_commit_callbacks
):
    version = make_version()
    url = version.get_absolute_url()
    Client().get(url)

    with django_capture_on_commit_callbacks(execute=True):
        make_comment(first_paragraph(version), None)

    assert "1 Kommentar" in Client().get(url).content.decode()


def test_the_local_copies_are_bounded(db, page_reads, monkeypatch):
    monkeypatch.setattr(pagecache, "LOCAL_PAGES", 2)
    for _ in range(3):
        Client().get(make_version().get_absolute_url())

    assert len(pagecache._local) == 2
