"""Deleting an account leaves no personal datum behind (ISSUE 15, item 3).

A resident with every kind of data deletes the account; then every table is scanned:
no text column may still hold one of the person's addresses, no foreign key the user, no
session the user id. Content stays, anonymised, as the terms of use say.
"""

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from participation.models import EmailSubscription, Event, OutboxMessage, User
from participation.subscriptions import request_subscription
from tests.conftest import PASSWORD

PRIMARY = "anna@example.org"
SECOND = "Anna.Zweit@Example.org"


def text_columns(model: type[models.Model]) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
    ]


def rows_mentioning(address: str) -> list[str]:
    found = []
    for model in apps.get_models():
        for name in text_columns(model):
            lookup = f"{name}__icontains"
            if model._default_manager.filter(**{lookup: address}).exists():
                found.append(f"{model._meta.label}.{name}")
    return found


def rows_pointing_at(user_pk: int) -> list[str]:
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if (
                field.is_relation
                and field.related_model is User
                and model._default_manager.filter(**{field.attname: user_pk}).exists()
            ):
                found.append(f"{model._meta.label}.{field.name}")
    return found


def sessions_of(user_pk: int) -> int:
    return sum(
        1 for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user_pk)
    )


@pytest.mark.django_db
def test_deleting_an_account_leaves_no_address_user_id_or_session(resident, other_resident):
    from tests.guidelines.factories import first_paragraph, make_comment, make_version

    EmailAddress.objects.create(user=resident, email=SECOND, verified=True, primary=False)
    request_subscription(email=SECOND, topic="minutes")  # pending confirmation mail
    EmailSubscription.objects.create(email=PRIMARY, topic="projects", confirmed_at=timezone.now())
    for state, address in [
        (OutboxMessage.State.SENT, SECOND),
        (OutboxMessage.State.PENDING, PRIMARY),
    ]:
        OutboxMessage.objects.create(
            email=address,
            event=Event.REPLY,
            template="emails/reply",
            context={"title": f"Mail an {address}"},
            dedupe_key=f"test-{address}-{state}",
            state=state,
        )
    paragraph = first_paragraph(make_version())
    comment = make_comment(paragraph, resident, "Mein Beitrag bleibt")
    make_comment(paragraph, other_resident, "Antwort", parent=comment)
    phone, laptop = Client(), Client()
    phone.force_login(resident)
    laptop.force_login(resident)
    assert sessions_of(resident.pk) == 2

    response = laptop.post(reverse("participation:account_delete"), {"password": PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(pk=resident.pk).exists()
    assert rows_mentioning(PRIMARY) == []
    assert rows_mentioning(SECOND.lower()) == []
    assert rows_pointing_at(resident.pk) == []
    assert sessions_of(resident.pk) == 0
    assert phone.get(reverse("participation:account")).status_code == 302
    comment.refresh_from_db()
    assert comment.text == "Mein Beitrag bleibt"
    assert comment.author is None
    assert User.objects.filter(pk=other_resident.pk).exists()


@pytest.mark.django_db
def test_the_data_export_lists_mail_and_subscriptions_of_every_address(client, resident):
    EmailAddress.objects.create(user=resident, email=SECOND, verified=True, primary=False)
    request_subscription(email=SECOND, topic="minutes")
    client.force_login(resident)

    data = client.get(reverse("participation:account_export")).json()["notifications"]

    assert [s["email"] for s in data["subscriptions"]] == [SECOND.lower()]
    assert [m["to"] for m in data["emails"]] == [SECOND.lower()]
