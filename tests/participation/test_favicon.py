"""The site icon: every page names it, and /favicon.ico (asked for by browsers on pages
that name none, like the admin, and by feed readers and bookmark tools) answers."""

import io
import re

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse
from PIL import Image


@pytest.fixture(autouse=True)
def _pillow_default_limit(monkeypatch):
    """An upload test may have lowered Pillow's process-wide pixel limit (uploads set it
    from IMAGE_MAX_PIXELS); a 48 px icon is far below the default."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 89_478_485)


def test_favicon_ico_redirects_to_the_static_icon_and_may_be_cached(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == static("img/favicon.ico")
    assert "public" in response["Cache-Control"]
    assert "max-age=86400" in response["Cache-Control"]


def test_favicon_redirect_is_the_same_for_signed_in_people(client, resident):
    client.force_login(resident)

    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == static("img/favicon.ico")


def test_static_icon_is_a_real_ico_in_the_sizes_browsers_ask_for():
    path = finders.find("img/favicon.ico")

    assert path
    with Image.open(path) as icon:
        assert icon.format == "ICO"
        assert {(16, 16), (32, 32), (48, 48)} <= icon.info["sizes"]


@pytest.mark.django_db
def test_following_the_redirect_delivers_the_icon(settings):
    # Outside DEBUG whitenoise serves collected files only; let it read the finders here.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True

    response = Client().get("/favicon.ico", follow=True)

    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    body = b"".join(response.streaming_content)
    with Image.open(io.BytesIO(body)) as icon:
        assert icon.format == "ICO"


@pytest.mark.django_db
def test_pages_name_the_svg_icon_and_the_ico_fallback(client, settings):
    html = client.get(reverse("participation:home")).content.decode()

    tags = re.findall(r'<link rel="icon"[^>]*>', html)
    icons = {re.search(r'href="([^"]+)"', tag).group(1): tag for tag in tags}
    assert set(icons) == {static("img/favicon.svg"), static("img/favicon.ico")}
    assert 'type="image/svg+xml"' in icons[static("img/favicon.svg")]
    # The ICO says its size, so browsers that can show the SVG prefer it.
    assert 'sizes="32x32"' in icons[static("img/favicon.ico")]
    for href in icons:
        assert finders.find(href.removeprefix(settings.STATIC_URL)), href
