"""Unsubscribing from a digest stops only the digest, says what changed and can be undone;
the notification settings show only what can actually be sent, without required marks."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from participation import outbox
from participation.models import Event, Frequency, NotificationPreference, OutboxMessage
from participation.models.notifications import PREFERENCE_EVENTS
from participation.notifications import notify, unsubscribe_token
from tests.conftest import make_user

State = OutboxMessage.State
DIGESTED = [Event.PERIOD, Event.PROJECT_CHANGED, Event.MEETING, Event.MINUTES]


def frequencies(user) -> dict[str, str]:
    return dict(NotificationPreference.objects.filter(user=user).values_list("event", "frequency"))


@pytest.fixture
def reader(db):
    """Defaults (own comments instantly, the rest daily), but Vorhaben weekly and no
    mails about Anregungen."""
    user = make_user("dora@example.org", "Dora")
    NotificationPreference.objects.create(
        user=user, event=Event.PROJECT_CHANGED, frequency=Frequency.WEEKLY
    )
    NotificationPreference.objects.create(user=user, event=Event.REQUEST, frequency=Frequency.OFF)
    return user


def queue(user, event: Event, key: str, frequency: Frequency) -> OutboxMessage:
    return OutboxMessage.objects.create(
        recipient=user,
        email=user.email,
        event=event,
        template=f"emails/{event}",
        context={"title": key, "url": "https://x.example/"},
        dedupe_key=f"{event}:{key}:u{user.pk}",
        frequency=frequency,
    )


def digest_url(user) -> str:
    return reverse("participation:unsubscribe", args=[unsubscribe_token(user=user, event="digest")])


def undo_code(html: str) -> str:
    return re.search(r'name="undo" value="([^"]+)"', html).group(1)


def test_the_link_in_a_digest_stops_only_the_digest(reader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            event=Event.PERIOD,
            recipients=[reader],
            key="p1",
            context={"title": "Leitlinien", "url": "https://x.example/l", "change": "opened"},
        )
    outbox.build_digests(frequency=Frequency.DAILY)
    outbox.deliver_due()
    [digest] = mail.outbox
    link = re.fullmatch(
        r"<http://127\.0\.0\.1:8000(/\S+/)>", digest.extra_headers["List-Unsubscribe"]
    )

    # What a mail program does with List-Unsubscribe-Post: one POST, no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        link.group(1), {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 200
    assert frequencies(reader) == {
        Event.PERIOD: Frequency.OFF,
        Event.PROJECT_CHANGED: Frequency.OFF,
        Event.MEETING: Frequency.OFF,
        Event.MINUTES: Frequency.OFF,
        Event.REQUEST: Frequency.OFF,  # was off already
    }  # replies, responses and moderation decisions: still the default, instantly


def test_digest_unsubscribe_cancels_waiting_digest_items_but_not_instant_mails(
    client, reader, english
):
    waiting = queue(reader, Event.MEETING, "m1", Frequency.DAILY)
    instant = queue(reader, Event.REPLY, "r1", Frequency.INSTANT)

    html = client.post(digest_url(reader)).content.decode()

    waiting.refresh_from_db()
    instant.refresh_from_db()
    assert waiting.state == State.CANCELLED
    assert instant.state == State.PENDING
    switched_off = re.search(r'<ul class="unsubscribe-changes">(.*?)</ul>', html).group(1)
    assert re.findall(r"<li>(.*?)</li>", switched_off) == [
        "A comment period opens or closes on a document I follow",
        "A Vorhaben I follow changes, or a new one matches",
        "A board meeting is scheduled or cancelled",
        "Minutes of the board are published",
    ]
    still = re.search(r'<ul class="unsubscribe-still">(.*?)</ul>', html).group(1)
    assert "<li>Someone replied to my comment: Instantly</li>" in still
    assert "Anregung" not in still
    assert f'href="{reverse("participation:notification_preferences")}"' in html


def test_the_confirmation_page_says_what_will_stop_and_changes_nothing(client, reader, english):
    html = client.get(digest_url(reader)).content.decode()

    assert "This link stops the summary emails." in html
    assert "<li>Minutes of the board are published</li>" in html
    assert "Someone replied to my comment" not in html
    assert "Yes, stop these emails" in html
    assert frequencies(reader) == {
        Event.PROJECT_CHANGED: Frequency.WEEKLY,
        Event.REQUEST: Frequency.OFF,
    }


def test_undo_restores_the_frequencies_and_the_waiting_items(client, reader, english):
    before = frequencies(reader)
    waiting = queue(reader, Event.MEETING, "m1", Frequency.DAILY)
    url = digest_url(reader)
    code = undo_code(client.post(url).content.decode())

    response = client.post(url + "rueckgaengig/", {"undo": code})

    assert response.status_code == 200
    assert frequencies(reader) == before  # defaults are defaults again, weekly is weekly
    waiting.refresh_from_db()
    assert waiting.state == State.PENDING
    html = response.content.decode()
    assert "<li>Minutes of the board are published</li>" in html
    # Twice is harmless.
    assert client.post(url + "rueckgaengig/", {"undo": code}).status_code == 200
    assert frequencies(reader) == before


def test_undo_keeps_a_choice_made_after_the_unsubscribe(client, reader):
    url = digest_url(reader)
    code = undo_code(client.post(url).content.decode())
    NotificationPreference.objects.filter(user=reader, event=Event.MINUTES).update(
        frequency=Frequency.INSTANT
    )

    client.post(url + "rueckgaengig/", {"undo": code})

    assert frequencies(reader)[Event.MINUTES] == Frequency.INSTANT
    assert Event.MEETING not in frequencies(reader)  # back to the default


def test_undo_works_only_with_the_link_it_was_made_for(client, reader, other_resident):
    code = undo_code(client.post(digest_url(reader)).content.decode())
    after = frequencies(reader)
    other = reverse(
        "participation:unsubscribe_undo",
        args=[unsubscribe_token(user=other_resident, event="digest")],
    )
    same_person_other_link = reverse(
        "participation:unsubscribe_undo", args=[unsubscribe_token(user=reader, event="reply")]
    )

    assert client.post(other, {"undo": code}).status_code == 400
    assert client.post(same_person_other_link, {"undo": code}).status_code == 400
    assert (
        client.post(digest_url(reader) + "rueckgaengig/", {"undo": code[:-3] + "abc"}).status_code
        == 400
    )
    assert frequencies(reader) == after
    assert not NotificationPreference.objects.filter(user=other_resident).exists()


def test_undo_needs_the_forms_csrf_token(reader):
    browser = Client(enforce_csrf_checks=True)
    url = digest_url(reader)
    code = undo_code(browser.post(url).content.decode())

    assert browser.post(url + "rueckgaengig/", {"undo": code}).status_code == 403
    assert frequencies(reader)[Event.MINUTES] == Frequency.OFF


def test_unsubscribing_from_one_kind_of_mail_can_be_undone_too(client, reader, english):
    url = reverse(
        "participation:unsubscribe", args=[unsubscribe_token(user=reader, event=Event.REPLY)]
    )
    html = client.post(url).content.decode()

    assert re.findall(
        r"<li>(.*?)</li>", re.search(r'class="unsubscribe-changes">(.*?)</ul>', html).group(1)
    ) == ["Someone replied to my comment"]
    client.post(url + "rueckgaengig/", {"undo": undo_code(html)})
    assert Event.REPLY not in frequencies(reader)


def test_a_second_click_changes_nothing_and_offers_no_undo(client, reader, english):
    url = digest_url(reader)
    client.post(url)

    html = client.post(url).content.decode()

    assert "Nothing was changed" in html
    assert 'name="undo"' not in html


def test_unsubscribe_link_of_a_deleted_account_changes_nothing(client, reader):
    url = digest_url(reader)
    reader.delete()

    assert client.post(url).status_code == 200
    assert not NotificationPreference.objects.exists()


# --- the settings page ----------------------------------------------------------------------

APP_CODE = [Path("participation"), Path("guidelines"), Path("projects")]


def senders_in_code() -> set[str]:
    """Events that some app code passes to notify/notify_each/notify_subscribers."""
    found = set()
    for folder in APP_CODE:
        for path in folder.rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for name in re.findall(r"event=Event\.(\w+)", path.read_text()):
                found.add(Event[name].value)
    return found


def test_settings_are_offered_only_for_mails_that_something_sends(client, resident):
    client.force_login(resident)
    html = client.get(reverse("participation:notification_preferences")).content.decode()

    offered = set(re.findall(r'<select name="(\w+)"', html))
    assert offered == set(PREFERENCE_EVENTS)
    assert offered <= senders_in_code()


def test_settings_carry_no_required_marks(client, resident):
    client.force_login(resident)
    html = client.get(reverse("participation:notification_preferences")).content.decode()

    assert 'class="required"' not in html
    assert "required" not in re.search(r"<form.*</form>", html, re.S).group(0)
