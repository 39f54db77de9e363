"""The lottery for resident seats: a pure, reproducible draw.

Anyone holding the published seed, the pool names and the application numbers can
repeat the draw and must get the same ranking; nothing else goes in (no clock, no
system randomness). Algorithm ``sha256-fisher-yates-1``:

1. The seed is the text staff enter in public (e.g. the numbers of a public draw),
   trimmed and normalised to Unicode NFC.
2. For each pool, a stream of bytes is the concatenation of
   SHA-256(seed ‖ 0x00 ‖ pool name ‖ 0x00 ‖ counter as 8 bytes big-endian) for
   counter = 0, 1, 2, …; it is read as unsigned 32-bit big-endian integers.
3. A number below n is drawn by rejection: integers ≥ 2³² − (2³² mod n) are skipped,
   the rest are taken modulo n, so every result is exactly equally likely.
4. The pool's application numbers, in ascending order, are shuffled by Fisher–Yates
   (from the last position down to the second, swap with a drawn position at or
   below it). The shuffled order is the ranking: the first ``seats`` are drawn, the
   rest form the successor list in that order.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

ALGORITHM_VERSION = "sha256-fisher-yates-1"
ALL_APPLICATIONS = "Alle Bewerbungen"
_PROTOCOL_DIR = Path(__file__).parent / "protocol"


def normalise_seed(seed: str) -> str:
    return unicodedata.normalize("NFC", seed.replace("\x00", "").strip())


def _words(seed: str, pool: str) -> Iterator[int]:
    prefix = normalise_seed(seed).encode() + b"\x00" + pool.encode() + b"\x00"
    counter = 0
    while True:
        block = hashlib.sha256(prefix + counter.to_bytes(8, "big")).digest()
        for offset in range(0, len(block), 4):
            yield int.from_bytes(block[offset : offset + 4], "big")
        counter += 1


def _below(words: Iterator[int], n: int) -> int:
    limit = 2**32 - (2**32 % n)
    while True:
        word = next(words)
        if word < limit:
            return word % n


def shuffle(seed: str, pool: str, numbers: Sequence[int]) -> list[int]:
    """The ranking of ``numbers`` for this seed and pool (input order does not matter)."""
    ranked = sorted(numbers)
    words = _words(seed, pool)
    for i in range(len(ranked) - 1, 0, -1):
        j = _below(words, i + 1)
        ranked[i], ranked[j] = ranked[j], ranked[i]
    return ranked


def draw(seed: str, pools: Mapping[str, Sequence[int]]) -> dict[str, list[int]]:
    """Rank each pool's application numbers; the pool name is part of the stream."""
    return {name: shuffle(seed, name, numbers) for name, numbers in pools.items()}


def description(language: str = "de") -> str:
    """The algorithm in plain words (Markdown) for the public protocol."""
    name = "algorithm.en.md" if language == "en" else "algorithm.de.md"
    return (_PROTOCOL_DIR / name).read_text(encoding="utf-8")
