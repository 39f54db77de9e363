"""A new release never serves the pages the release before it stored (participation.pagecache)."""

import pytest
from django.test import Client

from participation import pagecache
from tests.conftest import stored_page_keys
from tests.guidelines.factories import make_version

pytestmark = pytest.mark.usefixtures("page_cache")


def test_pages_stored_by_another_release_are_not_served(db, monkeypatch):
    url = make_version().get_absolute_url()
    Client().get(url)
    assert len(stored_page_keys()) == 1

    monkeypatch.setattr(pagecache, "release", lambda: "the-next-release")
    Client().get(url)

    assert len(stored_page_keys()) == 2  # rendered and stored again under the new release


def test_the_release_digest_changes_with_a_template(tmp_path, settings):
    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "page.html"
    template.write_text("<p>eins</p>")
    settings.BASE_DIR = tmp_path
    pagecache.release.cache_clear()
    try:
        first = pagecache.release()
        pagecache.release.cache_clear()
        template.write_text("<p>zwei</p>")
        second = pagecache.release()
    finally:
        pagecache.release.cache_clear()

    assert first != second
