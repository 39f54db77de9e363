"""Which paragraph of a revised text is which paragraph of the version it is based on.

A paragraph that keeps its key keeps its comments, and the comparison shows it as
"changed" with a diff instead of "removed" plus "new". Pairing runs in two passes:

1. **Kept**: the same text (whitespace and line endings do not count, see
   :func:`guidelines.models.comparable_text`), wherever it now stands: a moved paragraph
   keeps its key. Among equal texts the one in the same chapter is taken first.
2. **Changed**: of what is left, a new paragraph takes the key of an old one of the same
   chapter when their wording is similar: :func:`similarity` at least
   :data:`SIMILARITY_THRESHOLD`. Pairs keep the order of both texts; among the possible
   orders the one with the largest total similarity wins.

Chapters are paired first: by their title, else by their own number ("4.1"). A paragraph
that was reworded *and* moved to another chapter is not found; staff pair it by hand in
the import preview (see ``overrides`` of :func:`pair_paragraphs`).

The threshold was chosen on the revisions in tests/guidelines/test_import_revisions.py:
reworded paragraphs of a municipal guideline score 0.65–0.95, a paragraph split in two
keeps its key in the larger part (≥ 0.6 when that part holds at least ~45 % of the old
words), unrelated paragraphs of the same text score below 0.3.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

from guidelines.models import comparable_text

SIMILARITY_THRESHOLD = 0.6
# A chapter rewritten as a whole would need (unpaired old × unpaired new) comparisons;
# beyond this many, each new paragraph is compared with the old ones around its position.
FULL_COMPARISON_LIMIT = 40_000
BAND = 40

Status = Literal["kept", "changed", "new"]
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def similarity(old: Sequence[str], new: Sequence[str]) -> float:
    """How much of the wording two paragraphs share, 0…1: difflib's ratio over their words."""
    if not old and not new:
        return 1.0
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(list(new))
    return _ratio(matcher, old)


def _ratio(matcher: SequenceMatcher[str], old: Sequence[str]) -> float:
    """The ratio of ``old`` against the matcher's second sequence, 0 below the threshold.

    The matcher keeps its index of the second sequence between calls; the cheap upper
    bounds skip the full comparison for paragraphs that cannot reach the threshold.
    """
    matcher.set_seq1(list(old))
    if matcher.real_quick_ratio() < SIMILARITY_THRESHOLD:
        return 0.0
    if matcher.quick_ratio() < SIMILARITY_THRESHOLD:
        return 0.0
    return matcher.ratio()


@dataclass
class OldParagraph:
    key: str
    text: str
    section_key: str
    label: str


@dataclass
class NewParagraph:
    index: int  # position in the new text, from 0
    text: str
    section_key: str  # the key the new section will have (kept or new)


@dataclass
class Pair:
    new: NewParagraph
    old: OldParagraph | None = None
    status: Status = "new"
    score: float = 0.0
    chosen: bool = False  # set by staff in the preview rather than found


@dataclass
class Pairing:
    pairs: list[Pair]
    removed: list[OldParagraph] = field(default_factory=list)

    def count(self, status: str) -> int:
        if status == "removed":
            return len(self.removed)
        return sum(1 for pair in self.pairs if pair.status == status)

    def key_of(self, index: int) -> str | None:
        old = self.pairs[index].old
        return old.key if old else None


class PairingConflict(ValueError):
    """Staff chose one old paragraph for two new ones, or one that does not exist."""

    def __init__(self, code: str, label: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.label = label


def pair_paragraphs(
    old: Sequence[OldParagraph],
    new: Sequence[NewParagraph],
    *,
    overrides: Mapping[int, str | None] | None = None,
) -> Pairing:
    """Pair ``new`` paragraphs with ``old`` ones (see the module docstring).

    ``overrides`` maps the index of a new paragraph to the key of the old paragraph staff
    chose for it, or to None for "new". Chosen pairs are fixed first; the automatic passes
    pair the rest around them. :class:`PairingConflict` if a key is unknown or chosen twice.
    """
    overrides = overrides or {}
    old_by_key = {paragraph.key: paragraph for paragraph in old}
    pairs = [Pair(new=paragraph) for paragraph in new]
    taken: set[str] = set()
    for index, key in overrides.items():
        if key is None:
            pairs[index].chosen = True
            continue
        if key not in old_by_key:
            raise PairingConflict("unknown")
        if key in taken:
            raise PairingConflict("twice", old_by_key[key].label)
        taken.add(key)
        _link(pairs[index], old_by_key[key], chosen=True)

    free = [pair for pair in pairs if pair.old is None and not pair.chosen]
    _pair_equal_texts(free, [p for p in old if p.key not in taken], taken)
    _pair_similar_texts(
        [pair for pair in free if pair.old is None],
        [p for p in old if p.key not in taken],
        taken,
    )
    removed = [paragraph for paragraph in old if paragraph.key not in taken]
    return Pairing(pairs=pairs, removed=removed)


def _link(pair: Pair, old: OldParagraph, *, chosen: bool = False, score: float = -1) -> None:
    pair.old = old
    pair.chosen = chosen
    same = comparable_text(old.text) == comparable_text(pair.new.text)
    pair.status = "kept" if same else "changed"
    pair.score = 1.0 if same else score


def _pair_equal_texts(free: list[Pair], old: list[OldParagraph], taken: set[str]) -> None:
    by_text: dict[str, list[OldParagraph]] = {}
    for paragraph in old:
        by_text.setdefault(comparable_text(paragraph.text), []).append(paragraph)
    for pair in free:
        candidates = by_text.get(comparable_text(pair.new.text))
        if not candidates:
            continue
        match = next(
            (c for c in candidates if c.section_key == pair.new.section_key), candidates[0]
        )
        candidates.remove(match)
        taken.add(match.key)
        _link(pair, match)


def _pair_similar_texts(free: list[Pair], old: list[OldParagraph], taken: set[str]) -> None:
    old_by_section: dict[str, list[OldParagraph]] = {}
    for paragraph in old:
        old_by_section.setdefault(paragraph.section_key, []).append(paragraph)
    new_by_section: dict[str, list[Pair]] = {}
    for pair in free:
        new_by_section.setdefault(pair.new.section_key, []).append(pair)
    for section_key, section_pairs in new_by_section.items():
        candidates = old_by_section.get(section_key, [])
        if not candidates:
            continue
        for pair, match, score in _align(section_pairs, candidates):
            taken.add(match.key)
            _link(pair, match, score=score)


def _align(new: list[Pair], old: list[OldParagraph]) -> list[tuple[Pair, OldParagraph, float]]:
    """The order-keeping pairs with the largest total similarity (a weighted LCS)."""
    n, m = len(new), len(old)
    old_words = [words(paragraph.text) for paragraph in old]
    full = n * m <= FULL_COMPARISON_LIMIT
    scores: dict[tuple[int, int], float] = {}
    matcher: SequenceMatcher[str] = SequenceMatcher(None, autojunk=False)
    for i, pair in enumerate(new):
        matcher.set_seq2(words(pair.new.text))
        if full:
            columns = range(m)
        else:
            middle = i * m // max(n, 1)
            columns = range(max(0, middle - BAND), min(m, middle + BAND + 1))
        for j in columns:
            score = _ratio(matcher, old_words[j])
            if score >= SIMILARITY_THRESHOLD:
                scores[i, j] = score
    if not scores:
        return []
    # Only rows and columns with a candidate pair matter for the order-keeping choice.
    rows = sorted({i for i, _j in scores})
    columns_ = sorted({j for _i, j in scores})
    n2, m2 = len(rows), len(columns_)
    # best[a][b]: the best total for rows[a:] and columns_[b:].
    best = [[0.0] * (m2 + 1) for _ in range(n2 + 1)]
    for a in range(n2 - 1, -1, -1):
        row, below = best[a], best[a + 1]
        for b in range(m2 - 1, -1, -1):
            value = max(below[b], row[b + 1])
            pair_score = scores.get((rows[a], columns_[b]))
            if pair_score is not None:
                value = max(value, pair_score + below[b + 1])
            row[b] = value
    result = []
    a = b = 0
    while a < n2 and b < m2:
        pair_score = scores.get((rows[a], columns_[b]))
        if pair_score is not None and best[a][b] == pair_score + best[a + 1][b + 1]:
            result.append((new[rows[a]], old[columns_[b]], pair_score))
            a, b = a + 1, b + 1
        elif best[a][b] == best[a + 1][b]:
            a += 1
        else:
            b += 1
    return result
