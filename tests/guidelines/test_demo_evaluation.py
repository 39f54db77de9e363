import pytest
from django.core.management import call_command
from django.urls import reverse

from guidelines import demo_evaluation
from guidelines.models import Comment, Response, Version


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)


def test_demo_has_a_closed_fully_answered_consultation_and_an_adopted_version(seeded, client):
    closed = Version.objects.get(label=demo_evaluation.CLOSED_LABEL)
    adopted = Version.objects.get(label=demo_evaluation.ADOPTED_LABEL)

    comments = Comment.objects.filter(paragraph__version=closed)
    assert comments.count() >= 70
    assert Response.objects.filter(comment__paragraph__version=closed).count() == comments.count()
    assert closed.state == "closed"
    assert closed.responses_published_at is not None
    assert adopted.state == "adopted"
    assert adopted.decision_reference == "0427/2026"
    # Its introduction is the adopted text's, not the draft's call to comment.
    assert "der Stadtrat beschlossen hat" in adopted.introduction_html
    linked = Response.objects.filter(result_paragraphs__version=adopted).distinct()
    assert linked.exists()

    commented = client.get(reverse("guidelines:commented", args=[closed.document.slug, closed.pk]))
    assert commented.status_code == 200
    page = client.get(adopted.get_absolute_url()).content.decode()
    assert "<ins>" in page


def test_seeding_twice_changes_nothing(seeded):
    before = (Version.objects.count(), Comment.objects.count(), Response.objects.count())

    call_command("seed_demo", verbosity=0)

    assert (Version.objects.count(), Comment.objects.count(), Response.objects.count()) == before


def test_accountability_report_shows_responses_and_what_changed(seeded, client):
    closed = Version.objects.get(label=demo_evaluation.CLOSED_LABEL)

    response = client.get(
        reverse("guidelines:version_report", args=[closed.document.slug, closed.pk])
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Was hat sich in „Beschlossene Fassung“ geändert?" in page
    assert "<ins>" in page
    assert demo_evaluation.OFFICE in page
