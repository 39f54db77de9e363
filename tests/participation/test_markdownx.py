"""django-markdownx's endpoints, locked down (QUALITY.md)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from participation.markdown import render_markdown


def image_file(
    fmt: str = "PNG",
    size: tuple[int, int] = (20, 10),
    name: str = "bild.png",
    content_type: str = "image/png",
):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


@pytest.mark.parametrize(
    "evil",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[klick](javascript:alert(1))",
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        '<p style="background:url(x)">x</p>',
        "<iframe src=https://example.org></iframe>",
    ],
)
def test_renderer_removes_scripts_handlers_styles_and_bad_links(evil):
    html = render_markdown(evil)

    for marker in ["<script", "onerror", "javascript:", "data:text", "style=", "<iframe"]:
        assert marker not in html


def test_renderer_keeps_links_tables_and_shifts_headings():
    html = render_markdown(
        "# Titel\n\n[Rat](https://example.org) | a |\n\n| x | y |\n|---|---|\n| 1 | 2 |"
    )

    assert '<h2 id="h-titel">Titel</h2>' in html
    assert 'href="https://example.org"' in html
    assert "<table>" in html


def test_renderer_strips_nul_bytes():
    assert "\x00" not in render_markdown("a\x00b")


def test_anonymous_cannot_use_preview(client, db):
    response = client.post(reverse("markdownx_markdownify"), {"content": "**x**"})

    assert response.status_code == 302
    assert "<strong>" not in response.content.decode()


def test_resident_cannot_use_preview_or_upload(client, resident):
    client.force_login(resident)

    assert client.post(reverse("markdownx_markdownify"), {"content": "x"}).status_code == 302
    assert client.post(reverse("markdownx_upload"), {"image": image_file()}).status_code == 302


def test_staff_preview_is_sanitised(client, editor):
    client.force_login(editor)

    response = client.post(reverse("markdownx_markdownify"), {"content": "**x**<script>y</script>"})

    assert response.status_code == 200
    assert "<strong>x</strong>" in response.content.decode()
    assert "<script" not in response.content.decode()


def test_staff_preview_is_rate_limited(client, editor, settings):
    settings.ACCOUNT_RATE_LIMITS = {"markdown_preview": "3/m/user"}
    client.force_login(editor)

    statuses = [
        client.post(reverse("markdownx_markdownify"), {"content": "x"}).status_code
        for _ in range(5)
    ]

    assert statuses[:3] == [200, 200, 200]
    assert statuses[-1] == 429


def test_staff_upload_stores_reencoded_image_under_random_name(client, editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(editor)

    response = client.post(
        reverse("markdownx_upload"),
        {"image": image_file("JPEG", name="../../evil.html", content_type="text/html")},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert response.status_code == 200
    code = response.json()["image_code"]
    assert code.startswith("![](/media/markdownx/")
    assert code.endswith(".jpg)")
    assert "evil" not in code
    stored = list((tmp_path / "markdownx").iterdir())
    assert len(stored) == 1
    assert stored[0].suffix == ".jpg"
    served = client.get(code[4:-1])
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile(
                "x.gif", b"GIF89a<html><script>alert(1)</script>", content_type="image/gif"
            ),
            "kein gültiges JPEG- oder PNG-Bild",
        ),
        (
            SimpleUploadedFile(
                "x.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
                content_type="image/svg+xml",
            ),
            "kein gültiges JPEG- oder PNG-Bild",
        ),
    ],
)
def test_upload_refuses_non_images_svg_and_gif(client, editor, upload, message, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(editor)

    response = client.post(reverse("markdownx_upload"), {"image": upload})

    assert response.status_code == 400
    assert message in response.json()["image"][0]
    assert not (tmp_path / "markdownx").exists()


def test_upload_refuses_real_gif(client, editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(editor)

    response = client.post(reverse("markdownx_upload"), {"image": image_file("GIF", name="a.gif")})

    assert response.status_code == 400
    assert "Nur JPEG- und PNG-Bilder" in response.json()["image"][0]


def test_upload_refuses_decompression_bomb(client, editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.IMAGE_MAX_PIXELS = 1000
    client.force_login(editor)

    response = client.post(reverse("markdownx_upload"), {"image": image_file(size=(100, 100))})

    assert response.status_code == 400
    assert "zu viele Pixel" in response.json()["image"][0]


def test_upload_refuses_files_over_5_mb(client, editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(editor)
    big = SimpleUploadedFile(
        "big.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024 + 10), content_type="image/png"
    )

    response = client.post(reverse("markdownx_upload"), {"image": big})

    assert response.status_code == 400
    assert "5 MB" in response.json()["image"][0]
