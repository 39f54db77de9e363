"""What changed between versions: the adopted version's "What has changed?" and the comparison page.

Texts are checked in English (the source language) unless a test is about the German copy.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from guidelines.models import Comment, Paragraph, Response, Section, Version
from tests.guidelines.factories import make_comment, make_people, make_version

pytestmark = pytest.mark.django_db

CHANGED_TEXT = "Absatz 1: Die Stadt informiert rechtzeitig über alle Vorhaben."
NEW_TEXT = "Neu: Ein Beteiligungsbeirat berät die Stadt."


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


def login(client, request, persona):
    if persona == "anonymous":
        return None
    user = request.getfixturevalue(persona)
    client.force_login(user)
    return user


def page(response):
    return response.content.decode()


def compare_url(document, old=None, new=None, **params):
    url = reverse("guidelines:compare", kwargs={"slug": document.slug})
    query = {**({"von": old.pk} if old else {}), **({"zu": new.pk} if new else {}), **params}
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def paragraph_of(version, key):
    return Paragraph.objects.select_related("version__document").get(version=version, key=key)


def publish_responses(version):
    Version.objects.filter(pk=version.pk).update(
        responses_published_at=timezone.now() - timedelta(minutes=1)
    )


def respond(comment, *results, disposition="adopted"):
    response = Response.objects.create(
        comment=comment, disposition=disposition, reasoning="Gut.", answered_by="Stadtverwaltung"
    )
    response.result_paragraphs.add(*results)
    return response


@pytest.fixture
def draft():
    return make_version(
        state=Version.State.CLOSED, label="Entwurf März 2024", paragraphs=4, sections=2
    )


@pytest.fixture
def adopted(draft):
    """Based on the draft: § 1 changed, § 2 and § 4 unchanged, § 3 removed, one paragraph new."""
    version = make_version(
        document=draft.document,
        state=Version.State.ADOPTED,
        label="Beschlossene Fassung",
        paragraphs=4,
        sections=2,
        based_on=draft,
    )
    changed = paragraph_of(version, "p001")
    changed.text = CHANGED_TEXT
    changed.save()
    Paragraph.objects.filter(version=version, key="p003").delete()
    Paragraph.objects.create(
        version=version,
        section=Section.objects.get(version=version, key="s2"),
        order=5,
        key="neu",
        text=NEW_TEXT,
    )
    return version


# --- the adopted version's page ----------------------------------------------------------------


def test_adopted_version_shows_what_changed_in_each_paragraph(client, draft, adopted):
    response = client.get(adopted.get_absolute_url())

    content = page(response)
    assert response.status_code == 200
    assert content.count('<details class="changes"') == 2  # Para. 1 changed, the new paragraph
    assert '<del><span class="visually-hidden">deleted: </span>frühzeitig</del>' in content
    assert (
        '<ins><span class="visually-hidden">inserted: </span>rechtzeitig über alle</ins>'
        in (content)
        or '<ins><span class="visually-hidden">inserted: </span>rechtzeitig</ins>' in content
    )
    assert "What has changed?" in content
    assert "This paragraph is new; it was not in “Entwurf März 2024”." in content
    assert "1 paragraph removed" in content
    assert "2 paragraphs unchanged" in content
    assert f'href="{compare_url(draft.document, draft, adopted).replace("&", "&amp;")}"' in content


def test_adopted_version_links_the_comments_whose_responses_led_to_a_paragraph(
    client, draft, adopted, resident, other_resident
):
    source = paragraph_of(draft, "p003")
    adopted_by = make_comment(source, resident, "Bitte mit Absatz 1 zusammenlegen.")
    hidden = make_comment(source, other_resident, "Geheim", state=Comment.State.HIDDEN)
    pending = make_comment(source, other_resident, "Wartet", state=Comment.State.PENDING)
    target = paragraph_of(adopted, "p001")
    for comment in (adopted_by, hidden, pending):
        respond(comment, target)
    publish_responses(draft)

    content = page(client.get(adopted.get_absolute_url()))

    assert f'href="{adopted_by.get_absolute_url()}"' in content
    assert "Bitte mit Absatz 1 zusammenlegen." in content
    assert "on Para. 3 of “Entwurf März 2024”" in content
    assert f'href="{hidden.get_absolute_url()}"' in content
    assert "Geheim" not in content  # a hidden comment is linked, its words are not shown
    assert pending.get_absolute_url() not in content
    assert "adopted</span>" in content


def test_the_most_supported_comments_are_shown_and_the_threads_link_the_rest(
    client, draft, adopted
):
    people = make_people(8)
    target = paragraph_of(adopted, "p001")
    on_first = [
        make_comment(paragraph_of(draft, "p001"), person, f"Anregung {i}", support_count=i)
        for i, person in enumerate(people[:6])
    ]
    on_second = make_comment(paragraph_of(draft, "p002"), people[6], "Auch hier", support_count=9)
    for comment in [*on_first, on_second]:
        respond(comment, target)
    publish_responses(draft)

    content = page(client.get(adopted.get_absolute_url()))

    shown = [on_second, *on_first[5:1:-1]]  # by supports: 9, 5, 4, 3, 2
    positions = [content.index(f'href="{c.get_absolute_url()}"') for c in shown]
    assert positions == sorted(positions)
    for hidden in on_first[:2]:
        assert f'href="{hidden.get_absolute_url()}"' not in content
    assert "2 more comments led to this text. All comments on:" in content
    first_thread = paragraph_of(draft, "p001").get_absolute_url()
    assert f'<a href="{first_thread}">Para. 1 of “Entwurf März 2024” (6 comments)</a>' in content
    assert "Para. 2 of “Entwurf März 2024” (1 comment)</a>" in content


def test_responses_stay_off_the_adopted_version_until_they_are_published(
    client, draft, adopted, resident
):
    comment = make_comment(paragraph_of(draft, "p002"), resident, "Noch nicht öffentlich.")
    respond(comment, paragraph_of(adopted, "p002"))

    content = page(client.get(adopted.get_absolute_url()))

    assert comment.get_absolute_url() not in content
    assert "Noch nicht öffentlich." not in content


def test_an_unchanged_paragraph_with_linked_comments_says_it_is_unchanged(
    client, draft, adopted, resident
):
    comment = make_comment(paragraph_of(draft, "p002"), resident, "Passt so.")
    respond(comment, paragraph_of(adopted, "p002"), disposition="noted")
    publish_responses(draft)

    content = page(client.get(adopted.get_absolute_url()))

    assert "The text is unchanged from “Entwurf März 2024”." in content
    assert comment.get_absolute_url() in content


def test_adopted_version_without_based_on_is_compared_with_the_last_consulted_version(client):
    first = make_version(state=Version.State.CLOSED, label="Erster Entwurf")
    second = make_version(document=first.document, state=Version.State.CLOSED, label="Zweiter")
    adopted = make_version(document=first.document, state=Version.State.ADOPTED, label="Fassung")
    Paragraph.objects.filter(version=adopted, key="p002").update(text="Ganz anders.")

    content = page(client.get(adopted.get_absolute_url()))

    assert "Compared with <a" in content
    assert "“Zweiter”" in content
    assert compare_url(first.document, second, adopted).replace("&", "&amp;") in content
    assert "<del>" in content


def test_consultation_versions_show_no_changes(client, draft):
    consultation = make_version(document=draft.document, label="Zweiter Entwurf")
    Paragraph.objects.filter(version=consultation, key="p001").update(text="Anders.")

    content = page(client.get(consultation.get_absolute_url()))

    assert 'class="changes"' not in content
    assert "What has changed?" not in content


def test_any_version_with_based_on_shows_its_changes(client, draft):
    second = make_version(document=draft.document, label="Zweiter Entwurf", based_on=draft)
    Paragraph.objects.filter(version=second, key="p001").update(text="Anders.")

    content = page(client.get(second.get_absolute_url()))

    assert content.count('<details class="changes"') == 1
    assert "<ins>" in content


def test_a_draft_base_is_not_shown_to_the_public_but_to_staff(client, editor):
    base = make_version(state=Version.State.DRAFT, label="Interner Entwurf")
    adopted = make_version(
        document=base.document, state=Version.State.ADOPTED, label="Fassung", based_on=base
    )
    Paragraph.objects.filter(version=adopted, key="p001").update(text="Geänderter Text.")

    public = page(client.get(adopted.get_absolute_url()))
    assert "Interner Entwurf" not in public
    assert "<del>" not in public

    client.force_login(editor)
    staff = page(client.get(adopted.get_absolute_url()))
    assert "Interner Entwurf" in staff
    assert "<del>" in staff


def seed_adoption_at_scale(draft, adopted, *, comments_per_paragraph):
    """Every adopted paragraph changed; every draft comment answered, linked to its successor."""
    for paragraph in Paragraph.objects.filter(version=adopted):
        paragraph.text = paragraph.text.replace("frühzeitig", "rechtzeitig und verständlich")
        paragraph.save(update_fields=["text", "text_html"])
    authors = make_people(10)
    successors = {p.key: p for p in Paragraph.objects.filter(version=adopted)}
    comments = Comment.objects.bulk_create(
        Comment(paragraph=paragraph, author=authors[i % 10], text=f"Kommentar {i}")
        for paragraph in Paragraph.objects.filter(version=draft)
        for i in range(comments_per_paragraph)
    )
    comments = list(
        Comment.objects.filter(pk__in=[c.pk for c in comments]).select_related("paragraph")
    )
    responses = Response.objects.bulk_create(
        Response(comment=comment, disposition="partly", answered_by="Stadtverwaltung")
        for comment in comments
    )
    Link = Response.result_paragraphs.through
    Link.objects.bulk_create(
        Link(response_id=response.pk, paragraph_id=successors[comment.paragraph.key].pk)
        for response, comment in zip(responses, comments, strict=True)
        if comment.paragraph.key in successors
    )
    publish_responses(draft)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["anonymous", "resident", "editor"])
def test_adopted_version_page_query_count_stays_flat_with_40_paragraphs_and_1000_responses(
    client, request, django_assert_max_num_queries, persona
):
    draft = make_version(state=Version.State.CLOSED, paragraphs=40, sections=10)
    adopted = make_version(
        document=draft.document,
        state=Version.State.ADOPTED,
        label="Fassung",
        paragraphs=40,
        sections=10,
        based_on=draft,
    )
    login(client, request, persona)
    respond(make_comment(paragraph_of(draft, "p001"), None), paragraph_of(adopted, "p001"))
    publish_responses(draft)
    small = count_queries(client, adopted.get_absolute_url())
    Response.objects.all().delete()

    seed_adoption_at_scale(draft, adopted, comments_per_paragraph=25)
    assert Response.result_paragraphs.through.objects.count() == 1000

    with django_assert_max_num_queries(12):
        response = client.get(adopted.get_absolute_url())
    content = page(response)
    assert content.count('<details class="changes"') == 40
    assert content.count("Comment of ") == 40 * 5  # the most supported five per paragraph
    assert content.count("20 more comments led to this text.") == 40
    assert count_queries(client, adopted.get_absolute_url()) == small


# --- the comparison page -----------------------------------------------------------------------


def test_comparison_lists_changed_added_removed_and_collapses_unchanged(client, draft, adopted):
    response = client.get(compare_url(draft.document, draft, adopted))

    content = page(response)
    assert response.status_code == 200
    assert "“Beschlossene Fassung” compared with “Entwurf März 2024”" in content
    assert "Para. 1: changed" in content
    assert "Para. 3 of “Entwurf März 2024”: removed" in content
    assert "Para. 5: new" in content
    assert '<details class="compare-unchanged">' in content
    assert "1 unchanged paragraph (Para. 2)" in content
    assert "1 unchanged paragraph (Para. 4)" in content
    assert '<h2 id="compare-section-1">Kapitel 1</h2>' in content
    assert "Kapitel 2</h2>" in content
    assert f'<ins><span class="visually-hidden">inserted: </span>{NEW_TEXT}</ins>' in content
    assert '<del><span class="visually-hidden">deleted: </span>Absatz 3:' in content
    # In reading order: the removed § 3 stands where it was, before § 4 and the new one.
    assert (
        content.index("Para. 1: changed")
        < content.index("Para. 3 of")
        < content.index("Para. 5: new")
    )


def test_comparison_form_works_without_javascript(client, draft, adopted):
    content = page(client.get(compare_url(draft.document)))

    assert 'method="get"' in content
    assert '<select id="compare-from" name="von">' in content
    assert '<select id="compare-to" name="zu">' in content
    assert '<label for="compare-from">' in content
    # Without a choice: the newest version against the version it is based on.
    assert f'<option value="{draft.pk}" selected>' in content
    assert f'<option value="{adopted.pk}" selected>' in content
    assert "Para. 1: changed" in content


def test_comparison_works_in_either_direction(client, draft, adopted):
    content = page(client.get(compare_url(draft.document, adopted, draft)))

    assert "Para. 3: new" in content
    assert "of “Beschlossene Fassung”: removed" in content


def test_comparing_a_version_with_itself_changes_nothing(client, draft, adopted):
    content = page(client.get(compare_url(draft.document, draft, draft)))

    assert "You chose the same version twice" in content
    assert "0 paragraphs changed" in content
    assert "<del>" not in content


def test_a_document_with_one_version_has_nothing_to_compare(client, draft):
    response = client.get(compare_url(draft.document))

    assert response.status_code == 200
    assert "This document has only one version so far" in page(response)


def test_versions_of_different_documents_cannot_be_compared(client, draft, adopted):
    other = make_version(state=Version.State.ADOPTED, label="Andere Leitlinie")

    response = client.get(compare_url(draft.document, draft, other))

    assert response.status_code == 400
    content = page(response)
    assert "Only versions of the same document can be compared." in content
    assert "“Andere Leitlinie” is a version of" in content
    assert 'role="alert"' in content
    assert 'name="von"' in content  # the form is there to choose again


def test_different_documents_are_refused_in_german(client, draft):
    other = make_version(state=Version.State.ADOPTED, label="Andere Leitlinie")
    client.cookies["django_language"] = "de"

    response = client.get(compare_url(draft.document, other, draft))

    assert response.status_code == 400
    assert "Nur Fassungen desselben Dokuments können verglichen werden." in page(response)


@pytest.mark.parametrize("value", ["abc<script>", "1e3", "1.5"])
def test_a_version_parameter_that_is_not_a_number_is_refused(client, draft, value):
    response = client.get(compare_url(draft.document, zu=value))

    assert response.status_code == 400
    assert "is not a version" in page(response)
    assert "<script>" not in page(response)
    assert "\x00" not in page(response)


def test_a_version_parameter_with_a_nul_byte_is_refused_before_the_view(client, draft):
    response = client.get(compare_url(draft.document, zu="%00"))

    assert response.status_code == 400
    assert "\x00" not in page(response)


def test_unknown_documents_and_versions_are_not_found(client, draft):
    assert client.get(compare_url(draft.document, von=987654)).status_code == 404
    assert client.get(compare_url(draft.document, zu=-3)).status_code == 404
    assert client.get(compare_url(draft.document, zu=10**30)).status_code == 404
    missing = reverse("guidelines:compare", kwargs={"slug": "gibt-es-nicht"})
    assert client.get(missing).status_code == 404


@pytest.mark.parametrize("persona", ["anonymous", "resident"])
def test_drafts_are_hidden_from_the_public(client, request, draft, persona):
    secret = make_version(document=draft.document, state=Version.State.DRAFT, label="Geheim")
    login(client, request, persona)

    assert client.get(compare_url(draft.document, draft, secret)).status_code == 404
    content = page(client.get(compare_url(draft.document)))
    assert "Geheim" not in content
    only_draft = make_version(state=Version.State.DRAFT)
    assert client.get(compare_url(only_draft.document)).status_code == 404


@pytest.mark.parametrize("persona", ["editor", "moderator", "admin_user"])
def test_staff_may_compare_drafts(client, request, draft, persona):
    secret = make_version(document=draft.document, state=Version.State.DRAFT, label="Geheim")
    Paragraph.objects.filter(version=secret, key="p001").update(text="Interner Vorschlag.")
    login(client, request, persona)

    response = client.get(compare_url(draft.document, draft, secret))

    assert response.status_code == 200
    content = page(response)
    assert "Geheim (draft)" in content
    assert "Para. 1: changed" in content


def test_comparison_refuses_other_methods(client, draft):
    assert client.post(compare_url(draft.document)).status_code == 405


def test_a_moved_paragraph_appears_once_in_the_comparison(client, draft):
    moved = make_version(
        document=draft.document, label="Umgestellt", paragraphs=4, sections=2, based_on=draft
    )
    Paragraph.objects.filter(version=moved, key="p001").update(order=10)

    content = page(client.get(compare_url(draft.document, draft, moved)))

    assert content.count("Absatz 1: Die Stadt") == 1
    assert "0 paragraphs removed" in content
    assert "4 paragraphs unchanged" in content


def test_comparison_escapes_the_texts(client, draft):
    second = make_version(document=draft.document, label="Zweiter", based_on=draft)
    Paragraph.objects.filter(version=second, key="p001").update(text="<img src=x onerror=alert(1)>")

    content = page(client.get(compare_url(draft.document, draft, second)))

    assert "<img" not in content
    assert "&lt;</ins>" in content or "&lt;img" in content


@pytest.mark.parametrize("persona", ["anonymous", "editor"])
def test_comparison_query_count_stays_flat_with_40_paragraphs(
    client, request, django_assert_max_num_queries, persona
):
    small_old = make_version(state=Version.State.CLOSED, paragraphs=2)
    small_new = make_version(document=small_old.document, label="B", paragraphs=3)
    big_old = make_version(state=Version.State.CLOSED, paragraphs=40, sections=10)
    big_new = make_version(document=big_old.document, label="B", paragraphs=40, sections=10)
    Paragraph.objects.filter(version=big_new, order__lte=20).update(text="Anders formuliert.")
    login(client, request, persona)

    small = count_queries(client, compare_url(small_old.document, small_old, small_new))
    with django_assert_max_num_queries(8):
        response = client.get(compare_url(big_old.document, big_old, big_new))
    assert response.status_code == 200
    assert page(response).count(": changed") == 20
    assert count_queries(client, compare_url(big_old.document, big_old, big_new)) == small
