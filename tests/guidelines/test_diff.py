"""The word-level diff: properties for any texts, and examples a reader would check by eye."""

import itertools
import time

import pytest
from django.utils import translation
from hypothesis import example, given, settings
from hypothesis import strategies as st

from guidelines.diff import (
    SENTENCE,
    DiffOp,
    apply_ops,
    diff_texts,
    has_changes,
    render_ops,
    tokenize,
)

# Texts from a small alphabet change in shared words, which exercises the matcher more
# than random unicode; the second strategy covers everything else (umlauts, emoji, NULs).
WORDS = st.sampled_from(
    ["Die", "Stadt", "Bürger", "beteiligt", "früh", "Straße", "über", ",", ".", "?", ":", " ", "\n"]
)
PROSE = st.lists(WORDS, max_size=40).map("".join)
ANY_TEXT = st.text(max_size=200)
TEXTS = st.one_of(PROSE, ANY_TEXT)


@given(TEXTS)
def test_tokens_and_sentences_join_to_the_text(text):
    assert "".join(tokenize(text)) == text
    assert "".join(SENTENCE.findall(text)) == text


@given(old=TEXTS, new=TEXTS)
@example(old="", new="")
@example(old="", new="Neu.")
@example(old="Alt.", new="")
@example(old="a b c", new="x y z")
@settings(max_examples=300)
def test_applying_the_diff_to_the_old_text_gives_the_new_one(old, new):
    assert apply_ops(old, diff_texts(old, new)) == new


@given(TEXTS)
def test_identical_texts_give_no_change(text):
    ops = diff_texts(text, text)
    assert not has_changes(ops)
    assert all(op.kind == "equal" for op in ops)
    assert apply_ops(text, ops) == text


@given(old=TEXTS, new=TEXTS)
def test_ops_are_compact_and_never_empty(old, new):
    ops = diff_texts(old, new)
    assert all(op.text for op in ops)
    # Never two ops of the same kind in a row, and insertions follow deletions.
    for first, second in itertools.pairwise(ops):
        assert first.kind != second.kind
        assert (first.kind, second.kind) != ("insert", "delete")
    assert has_changes(ops) == (old != new)


@given(old=TEXTS, new=TEXTS)
def test_the_deleted_and_kept_parts_are_the_old_text(old, new):
    ops = diff_texts(old, new)
    assert "".join(op.text for op in ops if op.kind != "insert") == old
    assert "".join(op.text for op in ops if op.kind != "delete") == new


@given(old=TEXTS, new=TEXTS)
def test_rendered_html_has_no_unescaped_markup_from_the_texts(old, new):
    html = str(render_ops(diff_texts(old, new)))
    stripped = (
        html.replace('<del><span class="visually-hidden">', "")
        .replace('<ins><span class="visually-hidden">', "")
        .replace("</span>", "")
        .replace("</del>", "")
        .replace("</ins>", "")
    )
    assert "<" not in stripped
    assert ">" not in stripped


def test_a_changed_word_is_one_deletion_and_one_insertion():
    assert diff_texts("Die Stadt informiert früh.", "Die Stadt informiert frühzeitig.") == [
        DiffOp("equal", "Die Stadt informiert "),
        DiffOp("delete", "früh"),
        DiffOp("insert", "frühzeitig"),
        DiffOp("equal", "."),
    ]


def test_umlauts_and_sharp_s_stay_inside_their_words():
    assert tokenize("Bürger:innen über die Straße") == [
        "Bürger",
        ":",
        "innen",
        " ",
        "über",
        " ",
        "die",
        " ",
        "Straße",
    ]
    assert diff_texts("Strasse", "Straße") == [
        DiffOp("delete", "Strasse"),
        DiffOp("insert", "Straße"),
    ]


def test_punctuation_changes_alone_are_marked():
    ops = diff_texts("Die Stadt, der Rat.", "Die Stadt; der Rat!")
    assert [op for op in ops if op.kind != "equal"] == [
        DiffOp("delete", ","),
        DiffOp("insert", ";"),
        DiffOp("delete", "."),
        DiffOp("insert", "!"),
    ]


def test_whitespace_changes_are_changes():
    ops = diff_texts("Die Stadt", "Die  Stadt\n")
    assert has_changes(ops)
    assert apply_ops("Die Stadt", ops) == "Die  Stadt\n"


def test_a_replaced_sentence_reads_as_one_deletion_and_one_insertion():
    ops = diff_texts("Der Rat entscheidet bald.", "Die Bürger beraten mit.")
    assert ops == [
        DiffOp("delete", "Der Rat entscheidet bald"),
        DiffOp("insert", "Die Bürger beraten mit"),
        DiffOp("equal", "."),
    ]


def test_empty_texts():
    assert diff_texts("", "") == []
    assert diff_texts("", "Neu") == [DiffOp("insert", "Neu")]
    assert diff_texts("Alt", "") == [DiffOp("delete", "Alt")]
    assert apply_ops("", []) == ""


def test_ops_that_do_not_fit_the_old_text_are_refused():
    with pytest.raises(ValueError, match="does not match"):
        apply_ops("Alt", [DiffOp("equal", "Neu")])
    with pytest.raises(ValueError, match="whole old text"):
        apply_ops("Alt und mehr", [DiffOp("equal", "Alt")])


def test_rendering_escapes_and_labels_for_screen_readers():
    ops = diff_texts("<b>alt</b> & gut", "<script>neu</script> & gut")
    with translation.override("en"):
        html = str(render_ops(ops))
    assert "<script" not in html
    assert "<b>" not in html
    assert html.startswith("&lt;")
    assert "&amp; gut" in html
    assert '<del><span class="visually-hidden">deleted: </span>' in html
    assert '<ins><span class="visually-hidden">inserted: </span>' in html


def test_screen_reader_labels_are_translated():
    ops = diff_texts("alt", "neu")
    with translation.override("de"):
        html = str(render_ops(ops))
    assert "gelöscht: " in html
    assert "eingefügt: " in html


def test_a_long_paragraph_with_scattered_edits_is_diffed_quickly():
    """Sentences are matched first, so the word-level work stays with the changed sentences."""
    sentences = [f"Satz {i} über die Beteiligung der Stadt Musterstadt." for i in range(300)]
    revised = [
        s.replace("Stadt", "Gemeinde") if i % 20 == 0 else s for i, s in enumerate(sentences)
    ]
    old, new = " ".join(sentences), " ".join(revised)

    started = time.perf_counter()
    ops = diff_texts(old, new)
    elapsed = time.perf_counter() - started

    assert apply_ops(old, ops) == new
    assert [op.text for op in ops if op.kind == "insert"] == ["Gemeinde"] * 15
    assert elapsed < 2, f"{elapsed:.2f} s for 300 sentences"
