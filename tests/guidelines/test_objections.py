"""Moderation mails as statements of reasons (DSA Art. 17) and objections to moderation
decisions: the signed form, the queue, and the answer in the admin."""

from datetime import timedelta

import pytest
from django.contrib.admin.sites import site
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from guidelines import objections, services
from guidelines.admin.objections import ObjectionFilter, open_objection_count
from guidelines.models import Comment, HideReason, ModerationAction, Objection, Version
from participation.models import Event, OutboxMessage
from tests.conftest import make_user
from tests.guidelines.factories import first_paragraph, make_comment, make_version
from tests.participation.test_mail_templates import holes

OBJECTION = "Das ist ein Hinweis auf den Wochenmarkt, keine Werbung."


@pytest.fixture
def author(db):
    """Reads her mail in English, so that the source texts are asserted."""
    return make_user("alma@example.org", "Alma", language="en")


@pytest.fixture
def version(db) -> Version:
    return make_version(report_threshold=2)


@pytest.fixture
def comment(version, author) -> Comment:
    return make_comment(first_paragraph(version), author, "Kauft Gemüse am Markt!")


def hide(comment: Comment, moderator, reason: str = HideReason.SPAM) -> ModerationAction:
    services.moderate(comments=[comment], moderator=moderator, action="hide", reason=reason)
    comment.refresh_from_db()
    return ModerationAction.objects.filter(comment=comment).latest("pk")


def objection_url(decision: ModerationAction, author) -> str:
    return objections.objection_path(decision, author)


def moderation_mail(commit, action) -> mail.EmailMessage:
    with commit(execute=True):
        action()
    [message] = [m for m in mail.outbox if "statement of reasons" in m.body]
    return message


def html_of(message) -> str:
    return next(body for body, mime in message.alternatives if mime == "text/html")


# --- the statement of reasons ---------------------------------------------------------------


def test_a_hidden_comment_gets_a_statement_of_reasons(
    comment, moderator, settings, django_capture_on_commit_callbacks
):
    message = moderation_mail(django_capture_on_commit_callbacks, lambda: hide(comment, moderator))

    decision = ModerationAction.objects.get(comment=comment)
    assert message.subject == "Your comment was hidden: the reasons"
    body = message.body
    assert "»Kauft Gemüse am Markt!«" in body  # the facts: which comment
    assert "Decision: hidden (" in body  # what, and when
    assert "Public reason: Advertising or spam" in body
    terms = f"{settings.SITE_URL}/seite/nutzungsbedingungen/"
    assert f"Rule 4 of the terms of use, “Advertising or spam”: {terms}#h-grund-4" in body
    assert "no automated means were used" in body
    assert settings.SITE_URL + objection_url(decision, comment.author) in body
    html = html_of(message)
    assert f'href="{terms}#h-grund-4"' in html
    assert "Object to the decision" in html


def test_the_hold_after_reports_is_stated_as_automated(
    comment, version, django_capture_on_commit_callbacks
):
    first, second = make_user("r1@example.org", "R1"), make_user("r2@example.org", "R2")
    services.report_comment(comment=comment, user=first, reason=HideReason.SPAM)
    assert not OutboxMessage.objects.filter(event=Event.MODERATION).exists()

    message = moderation_mail(
        django_capture_on_commit_callbacks,
        lambda: services.report_comment(comment=comment, user=second, reason=HideReason.OFF_TOPIC),
    )

    assert message.subject == "Your comment is held for review: the reasons"
    body = message.body
    assert "reported your comment 2 times. From 2 reports on" in body
    assert "- Advertising or spam (1 ×):" in body
    assert "#h-grund-5" in body
    assert "taken by automated means" in body
    assert "Object here:" in body


def test_a_decision_in_the_authors_favour_has_no_objection_link(
    author, version, moderator, django_capture_on_commit_callbacks
):
    held = make_comment(first_paragraph(version), author, state=Comment.State.HELD)
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(comments=[held], moderator=moderator, action="restore")

    [message] = mail.outbox
    assert message.subject == "A moderation decision on your comment"
    assert "published again" in message.body
    assert "einsprueche" not in message.body


@pytest.mark.parametrize("language", ["de", "en"])
def test_statements_leave_no_holes_in_either_language(
    language, version, moderator, settings, django_capture_on_commit_callbacks
):
    settings.SITE_NAME, settings.CITY_NAME = "Mitreden", "Entenhausen"
    writer = make_user("w@example.org", "W", language=language)
    hidden = make_comment(first_paragraph(version), writer)
    held = make_comment(first_paragraph(version), writer)
    reporters = [make_user(f"r{i}@example.org", f"R{i}") for i in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        hide(hidden, moderator, HideReason.INSULT)
        for reporter in reporters:
            services.report_comment(comment=held, user=reporter, reason=HideReason.SPAM)

    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert holes(message) == [], message.body


# --- objecting --------------------------------------------------------------------------------


def test_the_signed_link_shows_the_statement_and_takes_an_objection(client, comment, moderator):
    decision = hide(comment, moderator)
    url = objection_url(decision, comment.author)

    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")

    assert page.status_code == 200
    html = page.content.decode()
    assert "Kauft Gemüse am Markt!" in html
    assert f'href="{objections.rule_url(HideReason.SPAM)}"' in html
    assert 'name="text"' in html

    sent = client.post(url, {"text": OBJECTION})

    assert sent.status_code == 302
    objection = Objection.objects.get()
    assert (objection.comment, objection.author, objection.decision) == (
        comment,
        comment.author,
        decision,
    )
    assert (objection.state, objection.text) == (Objection.State.OPEN, OBJECTION)
    again = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert OBJECTION in again
    assert 'name="text"' not in again


def test_sending_the_objection_twice_stores_it_once(client, comment, moderator):
    url = objection_url(hide(comment, moderator), comment.author)

    client.post(url, {"text": OBJECTION})
    client.post(url, {"text": OBJECTION + " Nochmal."})

    assert Objection.objects.get().text == OBJECTION


def test_an_empty_objection_is_refused_with_a_message(client, comment, moderator, english):
    url = objection_url(hide(comment, moderator), comment.author)

    refused = client.post(url, {"text": "   "})

    assert refused.status_code == 400
    assert "Please write why you object" in refused.content.decode()
    assert not Objection.objects.exists()


def test_a_tampered_link_is_not_found(client, comment, moderator):
    url = objection_url(hide(comment, moderator), comment.author)

    assert client.get(url.replace("einsprueche/", "einsprueche/x")).status_code == 404


def test_a_link_for_another_persons_comment_is_refused(client, comment, moderator, other_resident):
    decision = hide(comment, moderator)
    client.force_login(other_resident)

    assert client.get(objection_url(decision, comment.author)).status_code == 403
    assert client.post(objection_url(decision, comment.author), {"text": "x"}).status_code == 403
    # A link made out to someone who did not write the comment leads nowhere.
    assert client.get(objection_url(decision, other_resident)).status_code == 404
    assert not Objection.objects.exists()


def test_only_the_author_may_object(comment, moderator, other_resident):
    decision = hide(comment, moderator)

    with pytest.raises(services.ActionRefused):
        objections.submit_objection(decision=decision, author=other_resident, text=OBJECTION)


def test_no_objection_to_a_decision_replaced_or_reversed_or_too_old(comment, moderator, english):
    first = hide(comment, moderator, HideReason.SPAM)
    second = hide(comment, moderator, HideReason.OFF_TOPIC)
    assert "newer decision" in objections.objection_refusal(first)
    assert objections.objection_refusal(second) == ""

    later = timezone.now() + objections.OBJECTION_PERIOD + timedelta(days=1)
    assert "ended on" in objections.objection_refusal(second, now=later)

    services.moderate(comments=[comment], moderator=moderator, action="restore")
    comment.refresh_from_db()
    second.comment = comment
    assert "published again" in objections.objection_refusal(second)
    with pytest.raises(services.ActionRefused):
        objections.submit_objection(decision=second, author=comment.author, text=OBJECTION)


def test_an_open_objection_puts_the_comment_back_into_the_queue(comment, moderator, version):
    untouched = make_comment(first_paragraph(version), comment.author)
    hide(untouched, moderator)
    decision = hide(comment, moderator)
    objections.submit_objection(decision=decision, author=comment.author, text=OBJECTION)
    request = RequestFactory().get("/")

    queue = ObjectionFilter(
        request, {"objection": ["open"]}, Comment, site._registry[Comment]
    ).queryset(request, Comment.objects.all())

    assert list(queue) == [comment]
    assert open_objection_count() == 1


def test_my_decisions_lists_only_my_restricted_comments(
    client, comment, moderator, other_resident, version
):
    hide(comment, moderator)
    hide(make_comment(first_paragraph(version), other_resident, "Von Ben"), moderator)
    url = reverse("guidelines:my_decisions")

    assert client.get(url).status_code == 302  # sign in first
    client.force_login(comment.author)
    page = client.get(url).content.decode()

    assert "Kauft Gemüse am Markt!" in page
    assert "Von Ben" not in page
    assert objection_url(ModerationAction.objects.get(comment=comment), comment.author) in page


# --- answering in the admin -------------------------------------------------------------------


@pytest.fixture
def objected(comment, moderator) -> Objection:
    decision = hide(comment, moderator)
    return objections.submit_objection(decision=decision, author=comment.author, text=OBJECTION)


def answer_url(objection: Objection) -> str:
    return reverse("admin:guidelines_objection_change", args=[objection.pk])


def test_a_moderator_reverses_the_decision_and_the_author_hears(
    client, objected, moderator, django_capture_on_commit_callbacks
):
    colleague = make_user("mod2@example.org", "Kollegin", role="Moderation")
    client.force_login(colleague)
    assert client.get(reverse("admin:guidelines_objection_changelist")).status_code == 200
    assert client.get(answer_url(objected)).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(
            answer_url(objected),
            {"outcome": Objection.Outcome.REVERSED, "answer": "Sie haben recht."},
        )

    assert saved.status_code == 302
    objected.refresh_from_db()
    assert (objected.state, objected.answered_by) == (Objection.State.ANSWERED, colleague)
    comment = objected.comment
    comment.refresh_from_db()
    assert comment.state == Comment.State.PUBLISHED
    restore = ModerationAction.objects.filter(comment=comment).latest("pk")
    assert (restore.action, restore.moderator) == (ModerationAction.Action.RESTORE, colleague)
    answer = next(m for m in mail.outbox if m.subject == "The answer to your objection")
    assert answer.to == [comment.author.email]
    assert "the decision has been reversed" in answer.body
    assert "Sie haben recht." in answer.body
    assert "Sie haben recht." in html_of(answer)
    # The restore is stated too, as a decision in the author's favour.
    assert any(m.subject == "A moderation decision on your comment" for m in mail.outbox)


def test_an_upheld_decision_leaves_the_comment_hidden(
    client, objected, moderator, django_capture_on_commit_callbacks
):
    client.force_login(make_user("mod2@example.org", "Kollegin", role="Moderation"))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            answer_url(objected),
            {"outcome": Objection.Outcome.UPHELD, "answer": "Der Beitrag bleibt ausgeblendet."},
        )

    objected.comment.refresh_from_db()
    assert objected.comment.state == Comment.State.HIDDEN
    [answer] = [m for m in mail.outbox if m.subject == "The answer to your objection"]
    assert "Result: the decision stands." in answer.body
    # The author reads the answer on the objection page too.
    page = client.get(objection_url(objected.decision, objected.author))
    assert page.status_code == 403  # the moderator is signed in, not the author
    client.logout()
    page = client.get(objection_url(objected.decision, objected.author)).content.decode()
    assert "Der Beitrag bleibt ausgeblendet." in page


def test_an_objection_answered_meanwhile_is_not_answered_twice(
    client, objected, moderator, english
):
    client.force_login(make_user("mod2@example.org", "Kollegin", role="Moderation"))
    form = client.get(answer_url(objected))
    assert form.status_code == 200
    objections.answer_objection(
        objection=objected, staff=moderator, answer="Erste Antwort.", outcome="upheld"
    )

    refused = client.post(answer_url(objected), {"outcome": "upheld", "answer": "Zweite."})

    assert refused.status_code == 403  # an answered objection is a record now
    objected.refresh_from_db()
    assert objected.answer == "Erste Antwort."
    assert OutboxMessage.objects.filter(template="emails/objection").count() == 1


def test_answering_checks_the_race_inside_the_form(objected, moderator, english):
    """Two moderators with the form open: the second save finds the first answer."""
    from guidelines.admin.objections import AnswerForm

    form = AnswerForm({"outcome": "upheld", "answer": "Zweite."}, instance=objected)
    objections.answer_objection(
        objection=Objection.objects.get(pk=objected.pk),
        staff=moderator,
        answer="Erste.",
        outcome="upheld",
    )

    assert not form.is_valid()
    assert "answered meanwhile by Moderatorin" in str(form.non_field_errors())


def test_upheld_is_refused_for_a_comment_published_again(objected, moderator, english):
    services.moderate(comments=[objected.comment], moderator=moderator, action="restore")

    with pytest.raises(services.ActionRefused):
        objections.answer_objection(
            objection=objected, staff=moderator, answer="Bleibt.", outcome="upheld"
        )


def test_nobody_answers_an_objection_to_their_own_comment(client, db, version, moderator):
    own = make_comment(first_paragraph(version), moderator)
    colleague = make_user("mod2@example.org", "Kollegin", role="Moderation")
    services.moderate(comments=[own], moderator=colleague, action="hide", reason="4")
    objection = objections.submit_objection(
        decision=ModerationAction.objects.get(comment=own), author=moderator, text=OBJECTION
    )
    client.force_login(moderator)

    refused = client.post(answer_url(objection), {"outcome": "upheld", "answer": "Bleibt."})

    assert refused.status_code == 403
    assert Objection.objects.get().state == Objection.State.OPEN


def test_residents_cannot_reach_the_objection_admin(client, objected, resident):
    client.force_login(resident)

    assert client.get(answer_url(objected)).status_code == 302  # to the admin login


def test_the_personal_data_download_lists_the_objections(comment, moderator):
    from guidelines.data_export import comments_of

    decision = hide(comment, moderator)
    objections.submit_objection(decision=decision, author=comment.author, text=OBJECTION)

    [listed] = comments_of(comment.author)["objections"]
    assert (listed["comment"], listed["text"], listed["state"]) == (comment.pk, OBJECTION, "open")
