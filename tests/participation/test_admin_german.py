"""The admin speaks German: no English label, filter or heading on any page of any model.

The test signs in as superuser, opens the changelist, the add page and a change page of
every registered ModelAdmin with German active, and reads the visible text (no scripts,
no form values, no textarea content: what staff typed is not the interface). English
shows up in three ways, and each has its detector:

- a field without ``verbose_name`` is labelled with its attribute name ("Document:",
  column "Section", filter "Nach version"): the vocabulary is every such field of every
  model, found at run time, minus the few names that are German words as well;
- a model without ``verbose_name`` ("Authenticators");
- Django's own permission names, stored in English ("Can add paragraph").

Labels are compared as whole text nodes, so a proper name or a sentence in the demo data
that happens to contain "Document" is no finding.
"""

from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser
from io import StringIO

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import capfirst

from guidelines import objections, services
from guidelines.models import Comment
from participation import subscriptions
from participation.models import EmailSubscription

# Attribute names that read as German too: a column "Status" or "Version" is fine (but
# "Nach version" is not: German capitalises the noun, only the raw name is lower case).
GERMAN_AS_WELL = {"status", "name", "text", "version", "slug", "id", "data"}
# Whole text nodes that are English although they come from a catalogue: allauth's app
# name stays "MFA" in German.
ENGLISH_NODES = {"MFA"}
ENGLISH_PHRASES = [
    re.compile(r"\bCan (?:add|change|delete|view) "),  # permission names
    re.compile(r"^(?:Add|Change|Delete|Select|View)\b"),
    re.compile(r" by "),
]


class VisibleText(HTMLParser):
    """The text nodes a person sees; form values and typed-in content are left out."""

    HIDDEN = {"script", "style", "template", "textarea"}

    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not self.hidden:
            self.nodes.append(text)


def untranslated_names() -> set[str]:
    """Every field and model name Django made up from the Python name ("document",
    "last used at", "authenticators"): never looked up in a catalogue, so English
    whatever language is active."""
    names = set()
    for model in apps.get_models():
        meta = model._meta
        if "verbose_name" not in meta.original_attrs:
            names |= {str(meta.verbose_name), str(meta.verbose_name_plural)}
        for field in meta.get_fields():
            label = getattr(field, "verbose_name", None)
            if isinstance(field, models.Field) and label and not isinstance(label, Promise):
                names.add(label)
    return names


def english_in(nodes: list[str], names: set[str]) -> list[str]:
    labels = {capfirst(name) for name in names if name.lower() not in GERMAN_AS_WELL}

    def is_english(node: str) -> bool:
        bare = node.removesuffix(":").removeprefix("› ").strip()
        return (
            bare in labels
            or bare in ENGLISH_NODES
            or (node.startswith("Nach ") and node.removeprefix("Nach ") in names)
            or any(pattern.search(node) for pattern in ENGLISH_PHRASES)
        )

    return [node for node in nodes if is_english(node)]


def admin_pages() -> list[str]:
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages.append(reverse(f"{info}_changelist"))
        pages.append(reverse(f"{info}_add"))
        first = model._default_manager.order_by("pk").first()
        assert first is not None, f"no {model._meta.label} to open: create one in filled_site"
        pages.append(reverse(f"{info}_change", args=[first.pk]))
    return pages


@pytest.fixture
def filled_site(settings, admin_user):
    """The demo data (every model of the consultation, the board, the list) plus what
    the demo does not make: a mail in the outbox, a subscription, an authenticator."""
    settings.DEBUG = True  # seed_demo refuses to run otherwise (published passwords)
    call_command("seed_demo", stdout=StringIO())
    settings.DEBUG = False
    subscriptions.request_subscription(
        email="presse@example.org", topic=EmailSubscription.Topic.MINUTES
    )
    RecoveryCodes.activate(admin_user)
    # An objection to a moderation decision (the demo has none).
    comment = Comment.objects.filter(state=Comment.State.PUBLISHED, author__isnull=False).first()
    services.moderate(comments=[comment], moderator=admin_user, action="hide", reason="4")
    objections.submit_objection(
        decision=objections.current_decision(comment), author=comment.author, text="Kein Spam."
    )
    return admin_user


@pytest.mark.django_db
def test_detector_knows_the_english_names_and_spares_german_and_data():
    names = untranslated_names()

    assert "authenticators" in names  # allauth's model has no verbose_name
    assert "document" not in names  # Version.document has its verbose name
    leaks = ["Authenticators:", "Nach authenticators", "› Authenticators", "Can add paragraph"]
    assert english_in(leaks, names) == leaks
    german = ["Dokument:", "Nach Fassung", "Version", "Status", "Document 7", "Nach aktiv"]
    assert english_in(german, names) == []


@pytest.mark.django_db
def test_every_admin_page_is_german_for_the_superuser(client, filled_site):
    client.force_login(filled_site)
    names = untranslated_names()

    pages_by_leak: dict[str, list[str]] = defaultdict(list)
    for url in admin_pages():
        response = client.get(url)
        if response.status_code == 403:  # add pages of read-only admins
            continue
        assert response.status_code == 200, url
        parser = VisibleText()
        parser.feed(response.content.decode())
        for leak in sorted(set(english_in(parser.nodes, names))):
            pages_by_leak[leak].append(url)

    report = "\n".join(
        f"{leak!r} on {len(urls)} page(s), e.g. {urls[0]}"
        for leak, urls in sorted(pages_by_leak.items())
    )
    assert not pages_by_leak, f"English in the German admin:\n{report}"
