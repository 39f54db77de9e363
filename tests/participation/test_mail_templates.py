"""Every mail the platform can send, in German and in English, made by the code that
really sends it and checked for the holes a missing value leaves ("Hallo von !",
"bei  zu registrieren", "None", "{{").

The templates are found on disk: ours in templates/emails/, allauth's for its installed
apps (with our overrides in templates/account/email/). Each one is reached by a real flow
(signup, password reset, email change, two-factor set-up through the test client; each
notification through the service that sends it), or, where our settings switch the flow
off, through the adapter method that renders it with the context allauth builds. A new
template that neither reaches makes ``test_every_mail_template_is_covered`` fail.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.core.context import request_context
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.template import engines
from django.test import Client, RequestFactory
from django.test.signals import template_rendered
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags

from guidelines import objections, responses
from guidelines.models import Disposition, HideReason, ModerationAction, Objection, Version
from guidelines.notifications import announce_comment_periods
from guidelines.services import add_comment, moderate
from participation import outbox, subscriptions
from participation.board import services as board_services
from participation.models import (
    EmailSubscription,
    Event,
    Frequency,
    Meeting,
    NotificationPreference,
    User,
)
from participation.notifications import set_follow
from projects.models import Status
from projects.services import put_on_agenda, record_change
from projects.services.changes import snapshot
from tests.conftest import PASSWORD, make_user
from tests.guidelines.factories import first_paragraph, make_comment, make_version
from tests.participation.board.factories import make_board, make_meeting, make_minutes
from tests.projects.factories import make_project, make_request

pytestmark = pytest.mark.django_db

LANGUAGES = ["de", "en"]
# Distinctive names, so that a mail naming the platform shows it read the settings.
SITE_NAME = "Mitreden"
CITY_NAME = "Entenhausen"
NEW_PASSWORD = "ein-ganz-neues-passwort-73"


# --- Finding the templates -----------------------------------------------------------


def mail_templates() -> set[str]:
    """Every mail the template engine can find, as the prefix its sender names
    (``emails/reply``, ``account/email/password_reset_key``): a mail is a subject."""
    folders = ["emails"] + [
        f"{config.label}/email" for config in apps.get_app_configs() if config.name != "allauth"
    ]
    return {
        f"{folder}/{path.name.removesuffix('_subject.txt')}"
        for directory in engines["django"].template_dirs
        for folder in folders
        for path in Path(directory, folder).glob("*_subject.txt")
    }


# --- Finding the holes ---------------------------------------------------------------

HOLES_IN_TEXT = {
    "template syntax left over": re.compile(r"\{\{|\}\}|\{%|%\}"),
    "unfilled %(name)s placeholder": re.compile(r"%\("),
    "None printed": re.compile(r"\bNone\b"),
    # "Hallo von !", "Hello ,": a value is missing before the punctuation.
    "space before punctuation": re.compile(r"[^\S\n][!?.,;:](?=\s|$)"),
    # "bei  zu registrieren": two words with nothing between them (not after a full stop).
    "double space inside a sentence": re.compile(r"[^\s.!?:] {2,}(?=\S)"),
    "empty quotation": re.compile(r"[„“”\"»«]\s*[“”\"«]"),
    "empty brackets": re.compile(r"\(\s*\)"),
}
HOLES_IN_HTML = {
    "empty link": re.compile(r'(?:href|src)="\s*"'),
    "empty title": re.compile(r"<title>\s*</title>"),
    "empty heading": re.compile(r"<h1[^>]*>\s*</h1>"),
}


def holes(message: mail.EmailMessage) -> list[str]:
    """What in this message looks like a value was missing, with the line it is in."""
    html_body = next(
        (body for body, mime in getattr(message, "alternatives", []) if mime == "text/html"), ""
    )
    texts = {
        "subject": message.subject,
        "text": message.body,
        "html": html.unescape(strip_tags(html_body)),
    }
    found = [
        f"{part}: {name}: {line.strip()!r}"
        for part, text in texts.items()
        for line in text.splitlines()
        for name, pattern in HOLES_IN_TEXT.items()
        if pattern.search(line)
    ]
    # A stray quotation mark, as allauth's German "- Datum: %(timestamp)s\"" left.
    found += [
        f"{part}: unbalanced quotation mark: {line.strip()!r}"
        for part, text in texts.items()
        for line in text.splitlines()
        if line.count('"') % 2
    ]
    found += [
        f"html: {name}" for name, pattern in HOLES_IN_HTML.items() if pattern.search(html_body)
    ]
    if not message.subject.strip():
        found.append("subject: empty")
    if not message.body.strip():
        found.append("text: empty")
    if f"{SITE_NAME} {CITY_NAME}" not in message.body + html_body:
        found.append("the configured site name is missing")
    return found


# --- The scene every flow plays in ---------------------------------------------------


@dataclass
class Scene:
    language: str
    client: Client
    resident: User  # the person the mails are for, reading in ``language``
    other: User
    staff: User
    commit: Callable[[], object]

    def post(self, url: str, data: dict[str, str]) -> object:
        """A form sent through the test client, with the on-commit hooks (mail) run."""
        with self.commit():
            return self.client.post(url, data)

    def reauthenticate(self, user: User) -> None:
        """Signed in and the password given again, as allauth asks before two-factor set-up."""
        self.client.force_login(user)
        response = self.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        assert response.status_code == 302, "reauthentication failed"

    def instant(self, *events: Event) -> None:
        for event in events:
            NotificationPreference.objects.update_or_create(
                user=self.resident, event=event, defaults={"frequency": Frequency.INSTANT}
            )


def last_link(pattern: str) -> str:
    found = re.search(pattern, mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return found.group(1)


# --- allauth: signup, password, addresses, two-factor ---------------------------------


def signup(scene: Scene, email: str = "neu@example.org") -> None:
    scene.post(
        reverse("account_signup"),
        {
            "email": email,
            "display_name": "Neue Nachbarin",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "accept_terms": "on",
            "accept_privacy": "on",
        },
    )


def signup_with_a_taken_address(scene: Scene) -> None:
    signup(scene, email=scene.resident.email)


def ask_for_password_reset(scene: Scene, email: str = "") -> None:
    scene.post(reverse("account_reset_password"), {"email": email or scene.resident.email})


def ask_for_password_reset_of_unknown_address(scene: Scene) -> None:
    ask_for_password_reset(scene, email="niemand@example.org")


def reset_password(scene: Scene) -> None:
    ask_for_password_reset(scene)
    link = last_link(r"https?://[^/\s]+(/konto/password/reset/key/\S+/)")
    form = scene.client.get(link, follow=True)
    set_password_url = form.redirect_chain[-1][0] if form.redirect_chain else link
    response = scene.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302


def change_password(scene: Scene) -> None:
    scene.client.force_login(scene.resident)
    scene.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )


def set_password(scene: Scene) -> None:
    scene.resident.set_unusable_password()
    scene.resident.save(update_fields=["password"])
    scene.client.force_login(scene.resident)
    scene.post(
        reverse("account_set_password"), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )


def add_address(scene: Scene) -> None:
    scene.client.force_login(scene.resident)
    scene.post(reverse("account_email"), {"email": "anna.neu@example.org", "action_add": ""})


def change_address(scene: Scene) -> None:
    add_address(scene)
    key = last_link(r"/konto/confirm-email/(\S+)/")
    scene.post(reverse("account_confirm_email", args=[key]), {})


def remove_address(scene: Scene) -> None:
    EmailAddress.objects.create(user=scene.resident, email="anna.alt@example.org")
    scene.client.force_login(scene.resident)
    scene.post(reverse("account_email"), {"email": "anna.alt@example.org", "action_remove": ""})


def activate_totp(scene: Scene) -> None:
    scene.reauthenticate(scene.staff)
    assert scene.client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = scene.client.session[SECRET_SESSION_KEY]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    scene.post(reverse("mfa_activate_totp"), {"code": code})


def deactivate_totp(scene: Scene) -> None:
    activate_totp(scene)
    scene.post(reverse("mfa_deactivate_totp"), {})


def regenerate_recovery_codes(scene: Scene) -> None:
    activate_totp(scene)
    scene.post(reverse("mfa_generate_recovery_codes"), {})


# --- allauth mails our settings switch off: the adapter renders them, with allauth's context


@contextmanager
def in_a_request(scene: Scene) -> Iterator[None]:
    request = RequestFactory().get("/", HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64)")
    request.user, request.session = AnonymousUser(), SessionStore()
    with translation.override(scene.language), request_context(request), scene.commit():
        yield


def send_code(prefix: str) -> Callable[[Scene], None]:
    """Login and password reset by code (``ACCOUNT_LOGIN_BY_CODE_ENABLED``, …) are off."""

    def send(scene: Scene) -> None:
        with in_a_request(scene):
            get_adapter().send_mail(prefix, scene.resident.email, {"code": "K7Q-2MX"})

    return send


def send_notice(prefix: str) -> Callable[[Scene], None]:
    """Passkeys are not among ``MFA_SUPPORTED_TYPES``; allauth no longer sends
    ``email_confirm`` itself, but ships the template."""

    def send(scene: Scene) -> None:
        with in_a_request(scene):
            get_adapter().send_notification_mail(prefix, scene.resident)

    return send


# --- Our notifications, each through the service that sends it -----------------------


def reply(scene: Scene) -> None:
    paragraph = first_paragraph(make_version())
    mine = make_comment(paragraph, scene.resident, "Mehr Sitzbänke im Park.")
    with scene.commit():
        add_comment(author=scene.other, paragraph=paragraph, text="Gute Idee!", parent=mine)


def moderation(scene: Scene) -> None:
    comment = make_comment(first_paragraph(make_version()), scene.resident, "Kauft bei uns!")
    with scene.commit():
        moderate(
            comments=[comment],
            moderator=scene.staff,
            action=ModerationAction.Action.HIDE,
            reason=HideReason.SPAM,
        )


def objection_answer(scene: Scene) -> None:
    comment = make_comment(first_paragraph(make_version()), scene.resident, "Kauft bei uns!")
    moderate(
        comments=[comment],
        moderator=scene.staff,
        action=ModerationAction.Action.HIDE,
        reason=HideReason.SPAM,
    )
    objection = objections.submit_objection(
        decision=ModerationAction.objects.get(comment=comment),
        author=scene.resident,
        text="Das ist ein Hinweis auf den Wochenmarkt, keine Werbung.",
    )
    with scene.commit():
        objections.answer_objection(
            objection=objection,
            staff=scene.staff,
            answer="Der Beitrag bewirbt ein Geschäft; er bleibt ausgeblendet.",
            outcome=Objection.Outcome.UPHELD,
        )


def response(scene: Scene) -> None:
    version = make_version(state=Version.State.CLOSED)
    comment = make_comment(first_paragraph(version), scene.resident, "Bitte mehr Radwege.")
    responses.respond(
        version=version,
        comments=[comment],
        disposition=Disposition.ADOPTED,
        reasoning="Wir haben den Absatz **umformuliert**.",
        author=scene.staff,
    )
    with scene.commit():
        responses.publish_commented_version(version=version)


def comment_period(scene: Scene) -> None:
    version = make_version(opens=timezone.now() - timedelta(hours=1))
    set_follow(user=scene.resident, target=version.document, follow=True)
    scene.instant(Event.PERIOD)
    with scene.commit():
        announce_comment_periods()


def project_change(scene: Scene) -> None:
    project = make_project("Spielplatz am Lindenhof", status=Status.PLANNING)
    set_follow(user=scene.resident, target=project, follow=True)
    scene.instant(Event.PROJECT_CHANGED)
    before = snapshot(project)
    project.status = Status.DECIDED
    project.save()
    with scene.commit():
        record_change(
            project=project, before=before, reason="Der Rat hat entschieden.", by=scene.staff
        )


def request_step(scene: Scene) -> None:
    request = make_request(make_project(), author=scene.resident)
    scene.instant(Event.REQUEST)
    with scene.commit():
        put_on_agenda(request=request, by=scene.staff, note="Sitzung am 3. März")


def meeting(scene: Scene) -> None:
    board = make_board(name="Beteiligungsbeirat")
    set_follow(user=scene.resident, target=board, follow=True)
    scene.instant(Event.MEETING)
    planned = Meeting(
        board=board,
        number=1,
        starts_at=timezone.now() + timedelta(days=14),
        place="Rathaus, Sitzungssaal 1",
    )
    with scene.commit():
        board_services.schedule_meeting(meeting=planned)


def minutes(scene: Scene) -> None:
    """To a follower and to an email-only subscriber (whose footer differs)."""
    board = make_board(name="Beteiligungsbeirat")
    set_follow(user=scene.resident, target=board, follow=True)
    scene.instant(Event.MINUTES)
    EmailSubscription.objects.create(
        email="presse@example.org",
        topic=EmailSubscription.Topic.MINUTES,
        language=scene.language,
        confirmed_at=timezone.now(),
    )
    draft = make_minutes(make_meeting(board, title="3. Sitzung"))
    with scene.commit():
        board_services.publish_minutes(minutes=draft, by=scene.staff)
    assert len(mail.outbox) == 2


def subscription_confirmation(scene: Scene) -> None:
    with translation.override(scene.language), scene.commit():
        subscriptions.request_subscription(
            email="presse@example.org", topic=EmailSubscription.Topic.PROJECTS
        )


def digest(scene: Scene) -> None:
    """A day's worth of what the resident follows, bundled (the default for follows)."""
    version = make_version(opens=timezone.now() - timedelta(hours=1))
    set_follow(user=scene.resident, target=version.document, follow=True)
    board = make_board(name="Beteiligungsbeirat")
    set_follow(user=scene.resident, target=board, follow=True)
    announce_comment_periods()
    board_services.publish_minutes(
        minutes=make_minutes(make_meeting(board, title="3. Sitzung")), by=scene.staff
    )
    outbox.build_digests(frequency=Frequency.DAILY)
    outbox.deliver_due()


FLOWS: dict[str, Callable[[Scene], None]] = {
    "account/email/email_confirmation_signup": signup,
    "account/email/account_already_exists": signup_with_a_taken_address,
    "account/email/password_reset_key": ask_for_password_reset,
    "account/email/unknown_account": ask_for_password_reset_of_unknown_address,
    "account/email/password_reset": reset_password,
    "account/email/password_changed": change_password,
    "account/email/password_set": set_password,
    "account/email/email_confirmation": add_address,
    "account/email/email_changed": change_address,
    "account/email/email_deleted": remove_address,
    "mfa/email/totp_activated": activate_totp,
    "mfa/email/totp_deactivated": deactivate_totp,
    "mfa/email/recovery_codes_generated": regenerate_recovery_codes,
    "emails/reply": reply,
    "emails/moderation": moderation,
    "emails/response": response,
    "emails/objection": objection_answer,
    "emails/period": comment_period,
    "emails/project_changed": project_change,
    "emails/request": request_step,
    "emails/meeting": meeting,
    "emails/minutes": minutes,
    "emails/confirm_subscription": subscription_confirmation,
    "emails/digest": digest,
}
UNREACHED: dict[str, Callable[[Scene], None]] = {
    "account/email/login_code": send_code("account/email/login_code"),
    "account/email/password_reset_code": send_code("account/email/password_reset_code"),
    "account/email/email_confirm": send_notice("account/email/email_confirm"),
    "mfa/email/webauthn_added": send_notice("mfa/email/webauthn_added"),
    "mfa/email/webauthn_removed": send_notice("mfa/email/webauthn_removed"),
}


# --- The tests -----------------------------------------------------------------------


def test_every_mail_template_is_covered():
    found = mail_templates()

    assert found >= {"emails/reply", "account/email/email_confirmation_signup"}  # search works
    assert found - FLOWS.keys() - UNREACHED.keys() == set(), "add a flow for the new mail"
    assert (FLOWS.keys() | UNREACHED.keys()) - found == set(), "a covered template is gone"


@pytest.fixture
def scene(request, client, settings, django_capture_on_commit_callbacks):
    settings.SITE_NAME, settings.CITY_NAME = SITE_NAME, CITY_NAME
    # Four people sign in or change passwords per test: hashing is not what is tested here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A code computed just before a 30-second step ends is still taken just after it.
    settings.MFA_TOTP_TOLERANCE = 1
    language = request.param
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    resident = make_user("anna@example.org", "Anna", language=language)
    other = make_user("ben@example.org", "Ben", language=language)
    return Scene(
        language=language,
        client=client,
        resident=resident,
        other=other,
        staff=make_user(
            "stab@example.org", "Stab", is_staff=True, is_superuser=True, language=language
        ),
        commit=lambda: django_capture_on_commit_callbacks(execute=True),
    )


@contextmanager
def rendered_templates() -> Iterator[set[str]]:
    names: set[str] = set()

    def record(sender: object, template: object, **kwargs: object) -> None:
        names.add(getattr(template, "name", None) or "")

    template_rendered.connect(record)
    try:
        yield names
    finally:
        template_rendered.disconnect(record)


@pytest.mark.parametrize("scene", LANGUAGES, indirect=True)
@pytest.mark.parametrize("prefix", sorted(FLOWS.keys() | UNREACHED.keys()))
def test_mail_has_no_empty_placeholders(scene, prefix):
    with rendered_templates() as names:
        (FLOWS.get(prefix) or UNREACHED[prefix])(scene)

    assert {f"{prefix}_subject.txt", f"{prefix}_message.txt"} <= names, "not reached"
    assert mail.outbox, "no mail was sent"
    for message in mail.outbox:
        assert holes(message) == [], f"{message.subject}\n\n{message.body}"


@pytest.mark.parametrize(
    "line",
    [
        "Hallo von !",
        "um ein Konto bei  zu registrieren.",
        "Hello ,",
        "Ihr Kommentar zu „“ wurde beantwortet.",
        "Grund: None",
        "Bitte {{ activate_url }} öffnen",
        '- Datum: 6. Dezember 2026 07:01"',
        "%(site_name)s",
    ],
)
def test_the_detector_finds_the_holes_a_missing_value_leaves(line):
    message = mail.EmailMessage(subject="Betreff", body=f"{SITE_NAME} {CITY_NAME}\n{line}")

    assert holes(message)


def test_the_detector_accepts_a_sound_mail():
    body = (
        f"Hallo von {SITE_NAME} {CITY_NAME}!\n\n"
        "Es existiert bereits ein Konto.  In case you have forgotten: (siehe oben)\n"
        "Lesen Sie hier: https://beteiligung.example/leitlinien/1/#abs-2\n-- \n"
    )

    assert holes(mail.EmailMessage(subject="Betreff", body=body)) == []
