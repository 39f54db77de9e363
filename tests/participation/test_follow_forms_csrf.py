"""Follow buttons in ``{% include … only %}`` carry the CSRF token: their forms are accepted."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from participation.notifications import set_follow
from tests.guidelines.factories import make_version
from tests.projects.factories import make_project

FORM = re.compile(r'<form class="follow-form" method="post" action="([^"]+)">(.*?)</form>', re.S)
FIELD = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def send_first_follow_form(client: Client, url: str):
    page = client.get(url).content.decode()
    action, inner = FORM.search(page).groups()
    fields = dict(FIELD.findall(inner))
    assert fields.get("csrfmiddlewaretoken"), "the follow form has no CSRF token"
    return client.post(action, fields)


@pytest.fixture
def client_with_csrf(resident) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    return client


def test_unfollow_on_my_account_is_accepted(client_with_csrf, resident):
    document = make_version().document
    set_follow(user=resident, target=document, follow=True)

    response = send_first_follow_form(client_with_csrf, reverse("participation:account"))

    assert response.status_code == 302


def test_follow_on_a_project_page_is_accepted(client_with_csrf):
    project = make_project()

    response = send_first_follow_form(client_with_csrf, project.get_absolute_url())

    assert response.status_code == 302
