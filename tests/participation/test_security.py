import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from participation.views import server_error


@pytest.mark.django_db
def test_pages_send_a_csp_without_inline_scripts(client):
    response = client.get(reverse("participation:home"))

    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "object-src 'none'" in csp
    assert "base-uri 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.content.decode())


@pytest.mark.django_db
def test_pages_send_security_headers(client):
    response = client.get(reverse("participation:home"))

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_server_error_page_is_styled_and_reveals_nothing():
    request = RequestFactory().get("/")

    response = server_error(request)

    assert response.status_code == 500
    content = response.content.decode()
    assert "Etwas ist schiefgelaufen" in content
    assert "Traceback" not in content
    assert 'href="/seite/impressum/"' in content
