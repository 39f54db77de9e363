import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from guidelines import services as guideline_services
from guidelines.models import Comment, HideReason, ModerationAction
from guidelines.notifications import announce_comment_periods
from participation import outbox
from participation.models import (
    EmailSubscription,
    Event,
    Follow,
    Frequency,
    NotificationPreference,
    OutboxMessage,
)
from participation.models.notifications import PREFERENCE_EVENTS
from participation.notifications import notify, set_follow, unsubscribe_token
from tests.conftest import make_user
from tests.guidelines.factories import first_paragraph, make_comment, make_version

State = OutboxMessage.State


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def document(db):
    return make_version().document


def followers(n, document):
    people = [make_user(f"f{i}@example.org", f"Folgende {i}") for i in range(n)]
    for person in people:
        set_follow(user=person, target=document, follow=True)
    return people


def test_notify_writes_one_row_per_recipient_and_never_twice(document):
    people = followers(3, document)

    notify(event=Event.MINUTES, recipients=people, key="m1", context={"title": "Sitzung"})
    notify(event=Event.MINUTES, recipients=people, key="m1", context={"title": "Sitzung"})

    assert OutboxMessage.objects.filter(event=Event.MINUTES).count() == 3
    assert set(OutboxMessage.objects.values_list("email", flat=True)) == {
        "f0@example.org",
        "f1@example.org",
        "f2@example.org",
    }


def test_notify_needs_the_same_queries_for_5_and_50_recipients(
    document, django_assert_max_num_queries
):
    few = followers(5, document)
    many = few + [make_user(f"m{i}@example.org", f"Viele {i}") for i in range(45)]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        notify(event=Event.MINUTES, recipients=few, key="a", context={})
    with CaptureQueriesContext(connection) as large:
        notify(event=Event.MINUTES, recipients=many, key="b", context={})

    assert len(large) == len(small)
    assert OutboxMessage.objects.count() == 55


def test_preferences_decide_off_instant_or_digest(resident, other_resident):
    NotificationPreference.objects.create(user=resident, event=Event.MINUTES, frequency="off")

    notify(
        event=Event.MINUTES, recipients=[resident, other_resident], key="x", context={"title": "T"}
    )

    row = OutboxMessage.objects.get()
    assert row.recipient == other_resident
    assert row.frequency == Frequency.DAILY  # the default for followed things


def test_instant_mail_is_rendered_in_german_with_unsubscribe_headers(resident, commit):
    with commit():
        notify(
            event=Event.REPLY,
            recipients=[resident],
            key="c1",
            context={
                "title": "Leitlinien",
                "url": "https://x.example/1",
                "actor": "Ben",
                "excerpt": "Ich <stimme> zu",
            },
        )

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Ben hat auf Ihren Kommentar geantwortet"
    assert "»Ich <stimme> zu«" in message.body
    assert "Sie erhalten diese E-Mail, weil sie einen Kommentar von Ihnen betrifft." in message.body
    html = message.alternatives[0][0]
    assert '<html lang="de">' in html
    assert "Ich &lt;stimme&gt; zu" in html
    assert re.fullmatch(
        r"<http://127\.0\.0\.1:8000/abmelden/[^>]+/>", message.extra_headers["List-Unsubscribe"]
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    row = OutboxMessage.objects.get()
    assert row.state == State.SENT
    assert row.message_id == message.extra_headers["Message-ID"] == f"<outbox-{row.pk}@127.0.0.1>"


def test_mail_is_in_english_for_english_recipients(resident, commit):
    resident.language = "en"
    resident.save()

    with commit():
        notify(
            event=Event.REPLY,
            recipients=[resident],
            key="c",
            context={"actor": "Ben", "title": "T", "url": "u"},
        )

    assert mail.outbox[0].subject == "Ben replied to your comment"
    assert '<html lang="en">' in mail.outbox[0].alternatives[0][0]


def test_refused_recipient_fails_with_reason_and_the_others_go_on(resident, settings, commit):
    settings.EMAIL_BACKEND = "tests.mail_backends.RefusingBackend"
    bad = make_user("weg@invalid.example", "Weg")

    with commit():
        notify(
            event=Event.REPLY,
            recipients=[bad, resident],
            key="c",
            context={"actor": "A", "title": "T", "url": "u"},
        )

    failed = OutboxMessage.objects.get(email="weg@invalid.example")
    assert failed.state == State.FAILED
    assert "recipient refused" in failed.last_error
    assert OutboxMessage.objects.get(email="anna@example.org").state == State.SENT
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]


def test_template_error_fails_the_row_visibly_and_delivery_goes_on(resident, other_resident):
    OutboxMessage.objects.create(
        recipient=resident,
        email=resident.email,
        event=Event.REPLY,
        template="emails/does_not_exist",
        dedupe_key="broken",
    )
    notify(
        event=Event.REPLY,
        recipients=[other_resident],
        key="ok",
        context={"actor": "A", "title": "T", "url": "u"},
    )

    sent = outbox.deliver_due().sent

    assert sent == 1
    broken = OutboxMessage.objects.get(dedupe_key="broken")
    assert broken.state == State.FAILED
    assert broken.last_error.startswith("template:")


def test_temporary_failure_is_retried_later_and_a_stuck_row_is_swept(resident):
    row = OutboxMessage.objects.create(
        recipient=resident,
        email=resident.email,
        event=Event.REPLY,
        template="emails/reply",
        dedupe_key="r",
        state=State.SENDING,
        claimed_at=timezone.now() - timedelta(hours=1),
    )

    due = outbox.sweep()

    row.refresh_from_db()
    assert row.state == State.PENDING
    assert due == 1


def test_daily_rows_wait_for_the_digest_which_groups_them(resident):
    for i in range(3):
        notify(
            event=Event.MINUTES if i else Event.PERIOD,
            recipients=[resident],
            key=f"k{i}",
            context={"title": f"Eintrag {i}", "url": f"https://x.example/{i}"},
        )
    assert outbox.deliver_due().sent == 0  # nothing instant

    assert outbox.build_digests(frequency=Frequency.DAILY) == 1
    assert outbox.build_digests(frequency=Frequency.DAILY) == 0
    assert outbox.deliver_due().sent == 1

    message = mail.outbox[0]
    assert message.subject == "Ihre tägliche Zusammenfassung: 3 neue Einträge"
    for i in range(3):
        assert f"https://x.example/{i}" in message.body
    digest = OutboxMessage.objects.get(event=Event.DIGEST)
    assert OutboxMessage.objects.filter(digest=digest, state=State.DIGESTED).count() == 3


def test_a_digest_translates_the_words_each_mail_would_have_translated(resident):
    notify(
        event=Event.PERIOD,
        recipients=[resident],
        key="opened",
        context={
            "title": "Leitlinien",
            "url": "https://x.example/l",
            "change": "the comment period has opened",
        },
    )
    outbox.build_digests(frequency=Frequency.DAILY)
    outbox.deliver_due()

    [message] = mail.outbox
    assert "Leitlinien: die Kommentierungsphase hat begonnen" in message.body
    assert "the comment period has opened" not in message.body


def test_one_click_unsubscribe_works_without_csrf_token(resident):
    token = unsubscribe_token(user=resident, event=Event.REPLY)
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("participation:unsubscribe", args=[token]), {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 200
    assert NotificationPreference.objects.get(user=resident, event=Event.REPLY).frequency == "off"
    assert not NotificationPreference.objects.exclude(event=Event.REPLY).exists()


def test_unsubscribe_link_asks_before_changing_anything(client, resident):
    token = unsubscribe_token(user=resident, event=Event.REPLY)

    response = client.get(reverse("participation:unsubscribe", args=[token]))

    assert response.status_code == 200
    assert '<form method="post">' in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_tampered_unsubscribe_token_changes_nothing(client, resident):
    token = unsubscribe_token(user=resident, event=Event.REPLY)

    response = client.post(reverse("participation:unsubscribe", args=[token[:-2] + "xx"]))

    assert response.status_code == 400
    assert "Nichts wurde geändert" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_email_only_subscription_needs_double_opt_in(client, commit, db):
    with commit():
        response = client.post(
            reverse("participation:subscribe", args=["minutes"]),
            {"email": "Leser@Example.org", "consent": "on"},
        )
    assert response.status_code == 200
    subscription = EmailSubscription.objects.get()
    assert subscription.email == "leser@example.org"
    assert subscription.confirmed_at is None
    assert mail.outbox[0].subject == "Bitte bestätigen Sie Ihr Abonnement"
    link = re.search(r"http://127\.0\.0\.1:8000(/abonnieren/bestaetigen/\S+/)", mail.outbox[0].body)

    assert client.get(link.group(1)).status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None  # a GET (link scanner) confirms nothing
    client.post(link.group(1))
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def test_subscription_without_consent_is_refused(client, db):
    response = client.post(
        reverse("participation:subscribe", args=["minutes"]), {"email": "a@example.org"}
    )

    assert response.status_code == 400
    assert not EmailSubscription.objects.exists()


def test_expired_confirmation_link_is_refused_and_old_requests_are_deleted(client, db):
    old = EmailSubscription.objects.create(email="alt@example.org", topic="minutes")
    EmailSubscription.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=8)
    )

    response = client.post(reverse("participation:confirm_subscription", args=[old.token]))

    assert response.status_code == 400
    assert outbox.expire_subscriptions() == 1
    assert not EmailSubscription.objects.exists()


def test_resident_follows_and_unfollows_a_document(client, resident, document):
    client.force_login(resident)
    url = reverse("participation:follow", args=["document", document.pk])

    client.post(url, {"follow": "1"})
    assert Follow.objects.filter(user=resident).count() == 1
    page = client.get(reverse("participation:account")).content.decode()
    assert document.title in page

    client.post(url, {"follow": "0"})
    assert not Follow.objects.exists()


def test_following_needs_a_verified_account_and_a_public_target(client, unverified, resident, db):
    draft = make_version(state="draft").document
    url = reverse("participation:follow", args=["document", draft.pk])

    assert client.post(url, {"follow": "1"}).status_code == 302  # anonymous → login
    client.force_login(unverified)
    assert client.post(url, {"follow": "1"}).status_code == 403
    client.force_login(resident)
    assert client.post(url, {"follow": "1"}).status_code == 404
    assert (
        client.post(
            reverse("participation:follow", args=["nothing", 1]), {"follow": "1"}
        ).status_code
        == 404
    )
    assert not Follow.objects.exists()


def test_preferences_page_saves_choices(client, resident):
    client.force_login(resident)

    data = dict.fromkeys(PREFERENCE_EVENTS, "weekly")
    response = client.post(reverse("participation:notification_preferences"), data)

    assert response.status_code == 302
    assert NotificationPreference.objects.filter(user=resident, frequency="weekly").count() == 8


def test_a_reply_notifies_the_author_of_the_parent_but_not_oneself(resident, other_resident):
    paragraph = first_paragraph(make_version())
    parent = make_comment(paragraph, resident)

    guideline_services.add_comment(
        author=other_resident, paragraph=paragraph, text="Antwort", parent=parent
    )
    guideline_services.add_comment(
        author=resident, paragraph=paragraph, text="Selbst", parent=parent
    )

    rows = OutboxMessage.objects.filter(event=Event.REPLY)
    assert [r.recipient for r in rows] == [resident]
    assert rows[0].context["actor"] == "Ben"
    assert rows[0].context["url"].endswith(f"#c-{Comment.objects.get(text='Antwort').pk}")


def test_moderation_decision_is_mailed_to_the_author_with_the_reason(resident, moderator, commit):
    paragraph = first_paragraph(make_version())
    comment = make_comment(paragraph, resident)

    with commit():
        guideline_services.moderate(
            comments=[comment],
            moderator=moderator,
            action=ModerationAction.Action.HIDE,
            reason=HideReason.SPAM,
        )

    message = mail.outbox[0]
    assert message.subject == "Ihr Kommentar wurde ausgeblendet: die Gründe"
    assert "ausgeblendet" in message.body
    assert "Werbung oder Spam" in message.body


def test_comment_period_announcements_reach_followers_once(document, commit):
    people = followers(2, document)

    assert announce_comment_periods() == 2
    assert announce_comment_periods() == 2  # offered again, but the dedupe key holds
    assert OutboxMessage.objects.filter(event=Event.PERIOD).count() == 2
    assert {r.recipient for r in OutboxMessage.objects.all()} == set(people)


def test_version_page_offers_follow_to_residents_only(client, resident, document):
    version = document.versions.get()
    follow_url = reverse("participation:follow", args=["document", document.pk])

    assert follow_url not in client.get(version.get_absolute_url()).content.decode()
    client.force_login(resident)
    assert follow_url in client.get(version.get_absolute_url()).content.decode()


def test_admin_lists_the_outbox_with_counts_and_resends_failed_mail(client, admin_user, resident):
    failed = OutboxMessage.objects.create(
        recipient=resident,
        email=resident.email,
        event=Event.REPLY,
        template="emails/reply",
        context={"actor": "Ben", "title": "T", "url": "u"},
        dedupe_key="f",
        state=State.FAILED,
        last_error="451 later",
        attempts=8,
    )
    client.force_login(admin_user)

    page = client.get(reverse("admin:participation_outboxmessage_changelist") + "?state=failed")
    assert page.status_code == 200
    assert "anna@example.org" in page.content.decode()
    assert "(1)" in page.content.decode()  # facet count next to the state filter

    client.post(
        reverse("admin:participation_outboxmessage_changelist"),
        {"action": "resend", "_selected_action": [failed.pk]},
    )

    failed.refresh_from_db()
    assert failed.state == State.PENDING
    assert failed.attempts == 0


def test_staff_roles_cannot_see_the_outbox(client, moderator, editor):
    for person in (moderator, editor):
        client.force_login(person)
        url = reverse("admin:participation_outboxmessage_changelist")
        assert client.get(url).status_code == 403
