"""The start page leads with what is open; a version page puts its text first (issue 14).

Texts are checked in English (the ``english`` fixture); structure by class and address.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from guidelines import demo
from guidelines.models import Comment, Document, Version
from guidelines.version_html import KEY_SLOT
from tests.guidelines.factories import first_paragraph, make_comment, make_people, make_version

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HOME = reverse("participation:home")


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def document(title: str, slug: str) -> Document:
    return Document.objects.create(title=title, slug=slug, summary="Worum es geht.")


def block(html: str, css_class: str, end: str = "</section>") -> str:
    """The markup of the first element with this class, up to the next ``end`` tag."""
    start = html.index(f'class="{css_class}')
    return html[start : html.index(end, start)]


# --- the start page ----------------------------------------------------------------------


def test_start_page_leads_with_the_open_consultation_and_its_deadline_and_comments(client):
    closes = timezone.now() + timedelta(days=12)
    open_draft = make_version(document=document("Leitlinien", "leitlinien"), closes=closes)
    authors = make_people(3)
    for author in authors:
        make_comment(first_paragraph(open_draft), author, "Dazu habe ich eine Idee.")
    make_comment(first_paragraph(open_draft), authors[0], "Wartet.", state="pending")

    html = page(client, HOME)

    consultations = html.index('class="home-consultations"')
    assert consultations < html.index('id="how-title"')
    card = block(html, "home-consultations")
    assert "Leitlinien" in card
    assert open_draft.label in card
    assert f'<time datetime="{timezone.localtime(closes):%Y-%m-%dT%H:%M:%S%z}">' in card
    assert "3 comments so far." in card  # the pending one is not public
    assert f'href="{open_draft.get_absolute_url()}#text">Comment now' in card


def test_comment_now_is_the_first_button_and_comes_before_the_other_sections(client):
    make_version(document=document("Leitlinien", "leitlinien"))

    html = page(client, HOME)

    main = html[html.index("<main") :]
    first_button = re.search(r'<a class="button"[^>]*>([^<]*)', main)
    assert first_button is not None
    assert first_button.group(1) == "Comment now"
    assert main.index('class="home-consultations"') < main.index('class="home-projects"')


def test_start_page_lists_consultations_about_to_open_after_open_ones_without_comment_button(
    client,
):
    soon = timezone.now() + timedelta(days=3)
    upcoming = make_version(
        document=document("Spielplätze", "spielplaetze"),
        opens=soon,
        closes=soon + timedelta(days=20),
    )
    running = make_version(document=document("Radverkehr", "radverkehr"))
    ended = make_version(
        document=document("Alte Runde", "alte-runde"),
        opens=timezone.now() - timedelta(days=20),
        closes=timezone.now() - timedelta(days=1),
    )

    card = block(page(client, HOME), "home-consultations")

    assert card.index("Radverkehr") < card.index("Spielplätze")
    assert card.count("Comment now") == 1
    assert f'href="{upcoming.get_absolute_url()}#text">Read the draft' in card
    assert running.get_absolute_url() in card
    assert ended.document.title not in card


def test_start_page_says_when_nothing_is_open(client):
    make_version(state=Version.State.CLOSED)

    card = block(page(client, HOME), "home-consultations")

    assert "No consultation is open at the moment." in card
    assert "Comment now" not in card
    assert f'href="{reverse("guidelines:document_list")}"' in card


def test_start_page_shows_recent_results_commented_and_adopted_after_the_open_ones(client):
    leitlinien = document("Leitlinien", "leitlinien")
    closed = make_version(
        document=leitlinien,
        state=Version.State.CLOSED,
        label="Entwurf März 2026",
        responses_published_at=timezone.now() - timedelta(days=3),
    )
    adopted = make_version(
        document=leitlinien,
        state=Version.State.ADOPTED,
        label="Beschlossene Fassung",
        decision_date=timezone.localdate() - timedelta(days=1),
    )
    unpublished = make_version(
        state=Version.State.CLOSED,
        responses_published_at=timezone.now() + timedelta(days=3),
    )
    make_version(document=document("Radverkehr", "radverkehr"))

    html = page(client, HOME)

    assert html.index('class="home-consultations"') < html.index('class="home-results"')
    results = block(html, "home-results")
    commented_url = reverse("guidelines:commented", args=[leitlinien.slug, closed.pk])
    assert f'href="{commented_url}"' in results
    assert "Entwurf März 2026 – Consultation closed" in results
    assert f'href="{adopted.get_absolute_url()}"' in results
    assert "Beschlossene Fassung – Adopted" in results
    assert f'<time datetime="{timezone.localdate() - timedelta(days=1):%Y-%m-%d}">' in results
    assert results.index(adopted.get_absolute_url()) < results.index(commented_url)
    assert unpublished.document.title not in results


def test_start_page_needs_the_same_queries_for_many_consultations(
    client, django_assert_max_num_queries
):
    for number in range(6):
        version = make_version(document=document(f"Dokument {number}", f"dokument-{number}"))
        make_comment(first_paragraph(version), None)
        make_version(
            document=version.document,
            state=Version.State.ADOPTED,
            label="Beschlossen",
            responses_published_at=timezone.now() - timedelta(days=1),
        )

    # Consultations and results (2), the Vorhabenliste (4), the board (1), the session.
    with django_assert_max_num_queries(9):
        html = page(client, HOME)

    assert html.count('class="consultation-card ') == 6


# --- a document's address and the lists of versions ----------------------------------------


def test_document_address_leads_to_the_open_version_not_the_newest(client):
    leitlinien = document("Leitlinien", "leitlinien")
    running = make_version(document=leitlinien, label="Entwurf März 2026")
    make_version(
        document=leitlinien,
        label="Entwurf Juni 2026",
        opens=timezone.now() + timedelta(days=30),
        closes=timezone.now() + timedelta(days=60),
    )

    response = client.get(leitlinien.get_absolute_url())

    assert response.status_code == 302
    assert response.url == running.get_absolute_url()
    listed = page(client, reverse("guidelines:document_list"))
    assert f'href="{running.get_absolute_url()}"' in listed


def test_versions_are_listed_with_their_state_so_equal_labels_differ(client):
    leitlinien = document("Leitlinien", "leitlinien")
    closed = make_version(document=leitlinien, state=Version.State.CLOSED, label="Entwurf 2026")
    closes = timezone.now() + timedelta(days=9)
    running = make_version(document=leitlinien, label="Entwurf 2026", closes=closes)

    html = page(client, running.get_absolute_url())

    switch = block(html, "version-switch", "</nav>")
    deadline = f"{timezone.localtime(closes):%m/%d/%Y}"  # SHORT_DATE_FORMAT in English
    assert f'<span aria-current="page">Entwurf 2026 – In consultation until {deadline}</span>' in (
        switch
    )
    assert f'href="{closed.get_absolute_url()}">Entwurf 2026 – Consultation closed</a>' in switch


# --- the version page: text first, offers that make sense ----------------------------------


def test_version_page_puts_introduction_and_text_before_switcher_and_downloads(client):
    closed = make_version(state=Version.State.CLOSED, label="Entwurf")
    make_comment(first_paragraph(closed), None)
    second = make_version(
        document=closed.document, state=Version.State.CLOSED, label="Zweiter Entwurf"
    )
    make_comment(first_paragraph(second), None)

    html = page(client, second.get_absolute_url())

    order = [
        html.index('class="prose version-intro"'),
        html.index('id="text"'),
        html.index('class="doc-section"'),
        html.index('class="version-switch"'),
        html.index('class="downloads"'),
    ]
    assert order == sorted(order)


def test_open_consultation_offers_no_accountability_report(client):
    running = make_version()
    make_comment(first_paragraph(running), None)
    slug = running.document.slug

    html = page(client, running.get_absolute_url())

    assert reverse("guidelines:version_report", args=[slug, running.pk]) not in html
    assert reverse("guidelines:export_csv", args=[slug, running.pk]) in html


def test_version_without_comments_offers_no_empty_exports_and_no_zero_counts(client):
    running = make_version(paragraphs=2)

    html = page(client, running.get_absolute_url())

    assert 'class="downloads"' not in html
    assert "0 comments" not in html
    assert html.count("#comment-form") == 2


def test_closed_consultation_offers_its_report_and_exports(client):
    closed = make_version(state=Version.State.CLOSED)
    make_comment(first_paragraph(closed), None)
    slug = closed.document.slug

    html = page(client, closed.get_absolute_url())

    downloads = block(html, "downloads")
    for name in ("version_report", "export_csv", "export_xlsx"):
        assert reverse(f"guidelines:{name}", args=[slug, closed.pk]) in downloads


def test_adopted_version_invites_no_comments_and_offers_the_consultation_it_came_from(client):
    draft = make_version(state=Version.State.CLOSED, label="Entwurf März 2026")
    make_comment(first_paragraph(draft), None)
    adopted = make_version(
        document=draft.document, state=Version.State.ADOPTED, label="Beschlossene Fassung"
    )
    adopted.introduction = "Der Stadtrat hat diese Fassung beschlossen."
    adopted.save(update_fields=["introduction"])
    slug = draft.document.slug

    html = page(client, adopted.get_absolute_url())

    assert "#comment-form" not in html
    assert "comments" not in block(html, "doc-section")  # no "0 comments" links
    assert "You can comment" not in html
    assert "This is the adopted version. It is not open for comments." in html
    assert "Der Stadtrat hat diese Fassung beschlossen." in html
    downloads = block(html, "downloads")
    assert "“Entwurf März 2026”" in downloads
    assert reverse("guidelines:version_report", args=[slug, draft.pk]) in downloads
    assert reverse("guidelines:export_csv", args=[slug, draft.pk]) in downloads
    assert reverse("guidelines:version_report", args=[slug, adopted.pk]) not in html


def test_commented_version_link_waits_for_the_publication_time(client):
    closed = make_version(
        state=Version.State.CLOSED, responses_published_at=timezone.now() + timedelta(hours=2)
    )
    commented = reverse("guidelines:commented", args=[closed.document.slug, closed.pk])

    assert commented not in page(client, closed.get_absolute_url())

    Version.objects.filter(pk=closed.pk).update(responses_published_at=timezone.now())
    assert commented in page(client, closed.get_absolute_url())


def test_paragraph_addresses_and_labels_are_the_models_own(client):
    version = make_version(paragraphs=4, sections=2)
    for paragraph in version.paragraphs.all():
        make_comment(paragraph, None)

    html = page(client, version.get_absolute_url())

    for paragraph in version.paragraphs.select_related("version__document"):
        url = paragraph.get_absolute_url()
        assert f'<a href="{url}">1 comment<span class="visually-hidden"> on Para.' in html
        assert f'href="{url}#comment-form"' in html
    assert KEY_SLOT not in html


def test_version_page_counts_comments_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    version = make_version(paragraphs=40, sections=10)
    authors = make_people(5)
    for paragraph in version.paragraphs.all():
        for author in authors:
            make_comment(paragraph, author, state=Comment.State.PUBLISHED)

    # The version with the document's other versions, its sections, its paragraphs with
    # their counts.
    with django_assert_max_num_queries(3):
        html = page(client, version.get_absolute_url())

    assert html.count("5 comments<span") == 40


# --- the demo --------------------------------------------------------------------------------


def test_demo_results_get_their_own_introductions_not_the_call_to_comment():
    closed = make_version(state=Version.State.CLOSED)
    adopted = make_version(document=closed.document, state=Version.State.ADOPTED)

    demo.introduce_results(closed=closed, adopted=adopted)

    closed.refresh_from_db()
    adopted.refresh_from_db()
    assert "Die Beteiligung zu diesem Entwurf ist beendet." in closed.introduction_html
    assert "der Stadtrat beschlossen hat" in adopted.introduction_html
    for version in (closed, adopted):
        assert "möchten wir wissen" not in version.introduction
