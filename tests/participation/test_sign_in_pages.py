"""The sign-in, sign-up and password reset pages: labels without placeholder copies, only
optional fields marked (KERN UX), "Forgot your password?" after the password field, and
one spelling of "E-Mail"."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string

from participation.forms import ResetPasswordKeyForm

pytestmark = pytest.mark.django_db

ENTRANCE_PAGES = ["/konto/login/", "/konto/signup/", "/konto/password/reset/"]


def main(response) -> str:
    assert response.status_code == 200
    match = re.search(r"<main.*?</main>", response.content.decode(), re.S)
    assert match
    return match.group(0)


def test_forgot_password_link_follows_the_password_field_and_does_not_describe_it(client):
    html = main(client.get("/konto/login/"))

    password = re.search(r"<input [^>]*name=\"password\"[^>]*>", html)
    link = re.search(r"<a href=\"/konto/password/reset/\">", html)
    assert password
    assert link
    assert password.start() < link.start()
    # Not announced as the field's description, and no tabindex reorders the page.
    assert "aria-describedby" not in password.group(0)
    assert "_helptext" not in html
    assert not re.search(r'tabindex="[1-9]', html)


@pytest.mark.parametrize("url", ENTRANCE_PAGES)
def test_entrance_pages_have_no_placeholders(client, url):
    """Every field has a visible label; a placeholder would only repeat it."""
    html = main(client.get(url))

    assert re.findall(r"<input [^>]*>", html)
    assert "placeholder" not in html


def test_new_password_form_has_no_placeholders(resident):
    form = ResetPasswordKeyForm(user=resident, temp_key="key")

    assert all("placeholder" not in field.widget.attrs for field in form.fields.values())


@pytest.mark.parametrize("url", ENTRANCE_PAGES)
def test_entrance_pages_do_not_mark_required_fields(client, english, url):
    html = main(client.get(url))

    assert "(required)" not in html
    assert 'class="required"' not in html


class _Profile(forms.Form):
    email = forms.EmailField(label="Email address")
    phone = forms.CharField(label="Phone", required=False)
    remember = forms.BooleanField(label="Remember me", required=False)


@pytest.mark.parametrize(
    ("name", "marked"), [("email", False), ("phone", True), ("remember", False)]
)
def test_only_optional_input_fields_say_so(english, name, marked):
    html = render_to_string("allauth/elements/_field.html", {"field": _Profile()[name]})

    assert ("(optional)" in html) is marked


SPELLINGS = re.compile(r"\bEmail|E-mail|E-Mailadresse|(?<!E-)\bMail\b|(?<![E-])-Mail\b")


@pytest.mark.parametrize("url", [*ENTRANCE_PAGES, "/konto/email/", "/konto/password/change/"])
def test_german_account_pages_spell_e_mail_one_way(client, resident, url):
    client.force_login(resident)
    client.cookies.pop("django_language", None)
    if url in ENTRANCE_PAGES:
        client.logout()

    text = re.sub(r"<[^>]+>", " ", main(client.get(url)))

    assert SPELLINGS.findall(text) == []
