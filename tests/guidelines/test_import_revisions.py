"""Re-importing a revised text: paragraphs found again keep their keys and comments."""

import pytest
from django.urls import reverse

from guidelines.authoring import import_version
from guidelines.changes import align
from guidelines.models import Comment, Document, Paragraph, Version
from guidelines.pairing import SIMILARITY_THRESHOLD, similarity, words

IMPORT_URL = reverse("admin:guidelines_version_import")

GOALS = (
    "Die Stadt beteiligt Bürgerinnen und Bürger frühzeitig an Vorhaben, die das Leben in "
    "ihrem Stadtteil spürbar verändern. Sie informiert dazu rechtzeitig, verständlich und "
    "barrierefrei."
)
LIST = "- frühzeitig informieren\n- fair beteiligen\n- Ergebnisse nachvollziehbar machen"
QUOTE = "> Beteiligung ist kein Selbstzweck.\n> Sie verbessert Entscheidungen."
TABLE = "| Stufe | Form |\n|---|---|\n| Information | Aushang |\n| Mitwirkung | Werkstatt |"
BOARD = (
    "Der Beirat für Bürgerbeteiligung besteht aus zwölf Mitgliedern, die für zwei Jahre "
    "gewählt werden. Er tagt öffentlich und legt jährlich einen Bericht vor."
)
LISTING = (
    "Die Vorhabenliste nennt alle Vorhaben der Stadt, an denen Beteiligung möglich ist, "
    "und wird vierteljährlich im Internet aktualisiert."
)
DRAFT = f"""# Leitlinien Bürgerbeteiligung

## 1 Ziele

{GOALS}

{LIST}

{QUOTE}

## 2 Verfahren

{TABLE}

{BOARD}

{LISTING}
"""


@pytest.fixture
def document(db) -> Document:
    return Document.objects.create(title="Leitlinien Bürgerbeteiligung", slug="leitlinien")


@pytest.fixture
def draft(document) -> Version:
    return import_version(document=document, label="Entwurf", text=DRAFT)


def keys(version: Version) -> dict[str, str]:
    return dict(version.paragraphs.values_list("text", "key"))


def revise(draft: Version, text: str, **kwargs) -> Version:
    return import_version(
        document=draft.document, label="Fassung 2", text=text, based_on=draft, **kwargs
    )


def test_paragraphs_saved_with_windows_line_endings_are_found_again_unchanged(draft):
    # What the admin form did before: every list, quote and table stored with CRLF.
    for paragraph in draft.paragraphs.all():
        Paragraph.objects.filter(pk=paragraph.pk).update(text=paragraph.text.replace("\n", "\r\n"))
    old = keys(draft)

    revised = revise(draft, DRAFT.replace("\n", "\r\n"))

    assert {p.key for p in revised.paragraphs.all()} == set(old.values())
    changes = align(list(draft.paragraphs.order_by("order")), list(revised.paragraphs.all()))
    assert {change.status for change in changes} == {"unchanged"}


def test_a_paragraph_saved_through_a_form_is_stored_with_unix_line_endings(draft):
    paragraph = draft.paragraphs.get(text=LIST)
    paragraph.text = "- frühzeitig informieren  \r\n- fair beteiligen\r\n\r\n"
    paragraph.save()

    paragraph.refresh_from_db()
    assert paragraph.text == "- frühzeitig informieren\n- fair beteiligen"


def test_a_reworded_paragraph_keeps_its_key_comments_and_shows_as_changed(draft, resident):
    old = keys(draft)
    comment = Comment.objects.create(
        paragraph=draft.paragraphs.get(text=GOALS), author=resident, text="Auch online?"
    )
    reworded = GOALS.replace("Stadtteil", "Quartier").replace(
        "verständlich und barrierefrei", "in leichter Sprache"
    )

    revised = revise(draft, DRAFT.replace(GOALS, reworded))

    paragraph = revised.paragraphs.get(text=reworded)
    assert paragraph.key == old[GOALS]
    assert Comment.objects.filter(paragraph__key=paragraph.key).get() == comment
    change = next(
        c
        for c in align(list(draft.paragraphs.order_by("order")), list(revised.paragraphs.all()))
        if c.new == paragraph
    )
    assert change.status == "changed"
    assert "<del>" in change.html
    assert "Quartier" in change.html


def test_a_split_paragraph_keeps_its_key_in_the_larger_part(draft):
    old = keys(draft)
    first, second = GOALS.split(" Sie informiert")
    split = f"{first}\n\nSie informiert{second}"

    revised = revise(draft, DRAFT.replace(GOALS, split))

    assert revised.paragraphs.get(text=first).key == old[GOALS]
    assert revised.paragraphs.get(text=f"Sie informiert{second}").key not in old.values()


def test_merged_paragraphs_keep_the_key_of_the_first_and_the_second_is_removed(draft):
    old = keys(draft)
    merged = DRAFT.replace(f"{BOARD}\n\n{LISTING}", f"{BOARD} {LISTING}")

    revised = revise(draft, merged)

    assert revised.paragraphs.get(text=f"{BOARD} {LISTING}").key == old[BOARD]
    assert old[LISTING] not in set(revised.paragraphs.values_list("key", flat=True))


def test_a_moved_paragraph_keeps_its_key_even_in_another_chapter(draft):
    old = keys(draft)
    moved = DRAFT.replace(f"{QUOTE}\n\n", "").replace(f"{LISTING}\n", f"{LISTING}\n\n{QUOTE}\n")

    revised = revise(draft, moved)

    quote = revised.paragraphs.select_related("section").get(text=QUOTE)
    assert quote.key == old[QUOTE]
    assert quote.section.title == "Verfahren"


def test_a_rewritten_paragraph_is_new_and_the_old_one_removed(draft):
    old = keys(draft)
    rewritten = "Über die Ergebnisse entscheidet der Rat; die Verwaltung begründet jede Abweichung."

    revised = revise(draft, DRAFT.replace(BOARD, rewritten))

    assert revised.paragraphs.get(text=rewritten).key not in old.values()
    assert old[BOARD] not in set(revised.paragraphs.values_list("key", flat=True))


def test_similar_wording_is_paired_only_in_order_within_its_chapter(draft):
    # The reworded board paragraph swapped with the listing: only one pair can keep order.
    board = BOARD.replace("zwölf", "fünfzehn")
    listing = LISTING.replace("vierteljährlich", "monatlich")
    old = keys(draft)

    revised = revise(draft, DRAFT.replace(f"{BOARD}\n\n{LISTING}", f"{listing}\n\n{board}"))

    new_keys = keys(revised)
    kept = [new_keys[listing] == old[LISTING], new_keys[board] == old[BOARD]]
    assert kept.count(True) == 1


def test_the_threshold_separates_rewording_from_unrelated_text():
    reworded = GOALS.replace("Stadtteil", "Quartier").replace("barrierefrei", "digital")
    assert similarity(words(GOALS), words(reworded)) >= SIMILARITY_THRESHOLD
    assert similarity(words(GOALS), words(BOARD)) < SIMILARITY_THRESHOLD
    assert similarity(words(BOARD), words(LISTING)) < SIMILARITY_THRESHOLD


def test_staff_can_mark_a_paired_paragraph_as_new_or_pair_a_removed_one(draft):
    old = keys(draft)
    reworded = GOALS.replace("Stadtteil", "Quartier")
    text = DRAFT.replace(GOALS, reworded).replace(BOARD, "Ein ganz anderer Absatz über Räte.")
    index_of = {t: i for i, t in enumerate([reworded, LIST, QUOTE, TABLE])}
    board_index = 4

    revised = revise(draft, text, overrides={index_of[reworded]: None, board_index: old[BOARD]})

    assert revised.paragraphs.get(text=reworded).key not in old.values()
    assert revised.paragraphs.get(text="Ein ganz anderer Absatz über Räte.").key == old[BOARD]


# --- the preview ------------------------------------------------------------------------------


def preview(client, draft, text):
    return client.post(
        IMPORT_URL,
        {"document": draft.document.pk, "label": "Fassung 2", "based_on": draft.pk, "text": text},
    )


def confirm_data(response) -> dict:
    confirm = response.context["confirm"]
    return {confirm.add_prefix(name): confirm[name].value() or "" for name in confirm.fields}


def test_the_preview_lists_every_pairing_and_offers_a_choice(client, editor, draft, english):
    client.force_login(editor)
    reworded = GOALS.replace("Stadtteil", "Quartier")
    text = DRAFT.replace(GOALS, reworded).replace(BOARD, "Ein ganz anderer Absatz über Räte.")

    response = preview(client, draft, text)

    assert response.status_code == 200
    assert response.context["counts"] == {"kept": 4, "changed": 1, "new": 1, "removed": 1}
    page = response.content.decode()
    assert 'name="pair-0"' in page
    assert 'name="pair-4"' in page
    assert 'name="pair-1"' not in page  # unchanged paragraphs need no choice
    assert "changed from Para. 1-1" in page
    assert Version.objects.count() == 1


def test_a_corrected_pairing_is_shown_again_and_then_saved(client, editor, draft, english):
    client.force_login(editor)
    old = keys(draft)
    other = "Ein ganz anderer Absatz über Räte."
    first = preview(client, draft, DRAFT.replace(BOARD, other))
    data = {**confirm_data(first), "pair-4": old[BOARD]}

    again = client.post(IMPORT_URL, {**data, "pairing": "1"})
    assert again.status_code == 200
    assert again.context["counts"]["changed"] == 1
    assert Version.objects.count() == 1

    saved = client.post(IMPORT_URL, {**data, "confirm": "1"})
    assert saved.status_code == 302
    revised = Version.objects.get(label="Fassung 2")
    assert revised.paragraphs.get(text=other).key == old[BOARD]


def test_one_earlier_paragraph_chosen_twice_is_refused_and_nothing_saved(
    client, editor, draft, english
):
    client.force_login(editor)
    old = keys(draft)
    text = DRAFT.replace(GOALS, "Neu eins.").replace(BOARD, "Neu zwei.")
    data = {
        **confirm_data(preview(client, draft, text)),
        "pair-0": old[BOARD],
        "pair-4": old[BOARD],
    }

    response = client.post(IMPORT_URL, {**data, "confirm": "1"})

    assert response.status_code == 400
    assert "was chosen for two paragraphs" in response.content.decode()
    assert Version.objects.count() == 1


def test_a_revision_where_every_paragraph_changed_gets_a_warning(client, editor, draft, english):
    client.force_login(editor)
    text = "# Etwas anderes\n\n" + "\n\n".join(f"Ganz neuer Absatz Nummer {n}." for n in range(6))

    response = preview(client, draft, text)

    assert response.status_code == 200
    assert response.context["total_change"] is True
    assert "Not one paragraph of “Entwurf” was found again" in response.content.decode()
    assert Version.objects.count() == 1
