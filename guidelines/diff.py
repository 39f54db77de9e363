"""A word-level diff of two texts, for "What has changed?" between versions of a paragraph.

Texts are split into words, runs of whitespace and single punctuation marks, so that the
tokens joined give back the text exactly; ``difflib.SequenceMatcher`` then aligns the two
token lists, within the sentences that differ (equal sentences are matched first). The
result is a list of operations (equal / delete / insert) from which the new text can be
rebuilt (``apply_ops``), which is what the property tests check.

Paragraphs are compared in their Markdown source: the rendered HTML would make the diff
about tags rather than words, and residents see the source text escaped, as plain text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

Kind = Literal["equal", "delete", "insert"]

# Every character is either a word character, whitespace, or neither: the three
# alternatives together match all of a text, so joining the tokens is lossless.
TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
# Sentences (up to and including their closing mark and the whitespace after it) and
# lines; as lossless as TOKEN, because the last alternative takes whatever is left.
SENTENCE = re.compile(r"[^\n.!?;:]*[.!?;:]+\s*|[^\n]*\n+|[^\n]+")


@dataclass(frozen=True)
class DiffOp:
    kind: Kind
    text: str


def tokenize(text: str) -> list[str]:
    """Words (umlauts and ß included), whitespace runs and single punctuation marks."""
    return TOKEN.findall(text)


def diff_texts(old: str, new: str) -> list[DiffOp]:
    """The operations that turn ``old`` into ``new``; only "equal" ones if they are the same.

    Within a changed stretch all deletions come before all insertions. A lone space (or
    other whitespace) between two changes is folded into both, so that replacing a
    sentence reads as one deletion and one insertion rather than word-by-word flicker.
    """
    if old == new:
        return [DiffOp("equal", old)] if old else []
    # Sentences first, then words only where sentences differ: the matcher's time grows
    # with the square of what it compares, and most of a revised paragraph is unchanged.
    a, b = SENTENCE.findall(old), SENTENCE.findall(new)
    ops: list[DiffOp] = []
    for tag, i1, i2, j1, j2 in _opcodes(a, b):
        if tag == "equal":
            ops.append(DiffOp("equal", "".join(a[i1:i2])))
        else:
            ops.extend(_word_ops("".join(a[i1:i2]), "".join(b[j1:j2])))
    return _merge(_fold_whitespace(ops))


def _opcodes(a: list[str], b: list[str]) -> Sequence[tuple[str, int, int, int, int]]:
    # Whitespace may extend a match but not start one: matching on words is what a
    # reader expects, and it keeps the matcher fast (" " is half of all tokens).
    # autojunk would drop frequent words of long paragraphs; it stays off.
    return SequenceMatcher(str.isspace, a, b, autojunk=False).get_opcodes()


def _word_ops(old: str, new: str) -> list[DiffOp]:
    a, b = tokenize(old), tokenize(new)
    ops: list[DiffOp] = []
    for tag, i1, i2, j1, j2 in _opcodes(a, b):
        if tag == "equal":
            ops.append(DiffOp("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            ops.append(DiffOp("delete", "".join(a[i1:i2])))
        if j2 > j1:
            ops.append(DiffOp("insert", "".join(b[j1:j2])))
    return ops


def _fold_whitespace(ops: list[DiffOp]) -> list[DiffOp]:
    """Turn whitespace-only "equal" ops between two changes into a deletion plus an insertion."""
    folded: list[DiffOp] = []
    for index, op in enumerate(ops):
        between_changes = (
            op.kind == "equal"
            and not op.text.strip()
            and 0 < index < len(ops) - 1
            and ops[index - 1].kind != "equal"
            and ops[index + 1].kind != "equal"
        )
        if between_changes:
            folded.extend([DiffOp("delete", op.text), DiffOp("insert", op.text)])
        else:
            folded.append(op)
    return folded


def _merge(ops: list[DiffOp]) -> list[DiffOp]:
    """Join each run of changes into one deletion then one insertion; join equal neighbours."""
    merged: list[DiffOp] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            merged.append(DiffOp("delete", "".join(deleted)))
        if inserted:
            merged.append(DiffOp("insert", "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for op in ops:
        if op.kind == "delete":
            deleted.append(op.text)
        elif op.kind == "insert":
            inserted.append(op.text)
        else:
            flush()
            if merged and merged[-1].kind == "equal":
                merged[-1] = DiffOp("equal", merged[-1].text + op.text)
            else:
                merged.append(op)
    flush()
    return merged


def apply_ops(old: str, ops: list[DiffOp]) -> str:
    """Rebuild the new text from ``old`` and the ops; ``ValueError`` if they do not fit."""
    position = 0
    parts: list[str] = []
    for op in ops:
        if op.kind == "insert":
            parts.append(op.text)
            continue
        end = position + len(op.text)
        if old[position:end] != op.text:
            raise ValueError(f"{op.kind} op does not match the old text at {position}")
        if op.kind == "equal":
            parts.append(op.text)
        position = end
    if position != len(old):
        raise ValueError("the ops do not cover the whole old text")
    return "".join(parts)


def has_changes(ops: list[DiffOp]) -> bool:
    return any(op.kind != "equal" for op in ops)


def render_ops(ops: list[DiffOp]) -> SafeString:
    """The diff as HTML: ``<del>``/``<ins>`` with a spoken label, every text escaped."""
    # Screen readers do not announce <del> and <ins> by default; the hidden label does.
    deleted = escape(_("deleted:"))
    inserted = escape(_("inserted:"))
    html: list[str] = []
    for op in ops:
        text = escape(op.text)
        if op.kind == "delete":
            html.append(f'<del><span class="visually-hidden">{deleted} </span>{text}</del>')
        elif op.kind == "insert":
            html.append(f'<ins><span class="visually-hidden">{inserted} </span>{text}</ins>')
        else:
            html.append(text)
    return mark_safe("".join(html))  # noqa: S308 - every part above is escaped
