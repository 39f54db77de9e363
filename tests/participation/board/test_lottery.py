"""The draw is reproducible from its seed and unbiased (deterministic statistical tests)."""

import hashlib
import itertools
import struct
from collections import Counter

from participation.board import lottery

NUMBERS = list(range(1, 31))


def test_the_same_seed_gives_the_same_ranking():
    first = lottery.draw("4 17 23 8", {"Frauen": NUMBERS, "Männer": [31, 32, 33]})
    second = lottery.draw("4 17 23 8", {"Männer": [33, 31, 32], "Frauen": NUMBERS[::-1]})
    assert first == second
    assert sorted(first["Frauen"]) == NUMBERS


def test_a_different_seed_gives_a_different_ranking():
    assert lottery.shuffle("4 17 23 8", "Frauen", NUMBERS) != lottery.shuffle(
        "4 17 23 9", "Frauen", NUMBERS
    )


def test_pools_are_drawn_independently_of_each_other():
    assert lottery.shuffle("seed", "Frauen", NUMBERS) != lottery.shuffle("seed", "Männer", NUMBERS)


def test_surrounding_spaces_and_unicode_forms_of_the_seed_do_not_change_the_result():
    composed, decomposed = "Ziehung Übung", "Ziehung U\u0308bung"
    assert lottery.shuffle(f"  {composed} ", "p", NUMBERS) == lottery.shuffle(
        decomposed, "p", NUMBERS
    )


def test_the_result_is_pinned_so_published_draws_stay_reproducible():
    # If this changes, every published protocol would become unverifiable.
    assert lottery.ALGORITHM_VERSION == "sha256-fisher-yates-1"
    assert lottery.shuffle("17 04 39 22 08 31", "Frauen", range(1, 11)) == [
        7, 8, 4, 6, 2, 10, 3, 1, 5, 9,
    ]  # fmt: skip


def repeat_draw_from_the_description(seed: str, pool: str, numbers: list[int]) -> list[int]:
    """An independent re-implementation from the published description, as a citizen would."""
    stream = b""
    counter = 0
    ranked = sorted(numbers)
    for i in range(len(ranked) - 1, 0, -1):
        while True:
            while len(stream) < 4:
                stream += hashlib.sha256(
                    seed.strip().encode()
                    + b"\0"
                    + pool.encode()
                    + b"\0"
                    + struct.pack(">Q", counter)
                ).digest()
                counter += 1
            (word,), stream = struct.unpack(">I", stream[:4]), stream[4:]
            if word < 2**32 - 2**32 % (i + 1):
                break
        j = word % (i + 1)
        ranked[i], ranked[j] = ranked[j], ranked[i]
    return ranked


def test_anyone_can_repeat_the_draw_from_the_published_description():
    for seed in ["1 2 3", "Ziehung vom 12.03.", "99"]:
        numbers = list(range(1, 41))
        assert lottery.shuffle(seed, "Männer", numbers) == repeat_draw_from_the_description(
            seed, "Männer", numbers
        )


def test_an_empty_or_single_pool_needs_no_randomness():
    assert lottery.shuffle("x", "p", []) == []
    assert lottery.shuffle("x", "p", [7]) == [7]


# Chi-square critical values at p = 0.001 for the degrees of freedom used below.
CHI2_CRITICAL_DF16 = 39.25
CHI2_CRITICAL_DF23 = 49.73


def chi_square(observed: Counter, cells: list, expected: float) -> float:
    return sum((observed[cell] - expected) ** 2 / expected for cell in cells)


def test_every_number_is_equally_likely_at_every_rank():
    runs, size = 4000, 5
    positions: Counter = Counter()
    for i in range(runs):
        for rank, number in enumerate(lottery.shuffle(f"fairness-{i}", "pool", range(size))):
            positions[(number, rank)] += 1
    cells = list(itertools.product(range(size), range(size)))
    assert chi_square(positions, cells, runs / size) < CHI2_CRITICAL_DF16


def test_every_ordering_is_equally_likely():
    runs = 4800
    orders = Counter(tuple(lottery.shuffle(f"order-{i}", "pool", range(4))) for i in range(runs))
    cells = list(itertools.permutations(range(4)))
    assert len(orders) == 24
    assert chi_square(orders, cells, runs / 24) < CHI2_CRITICAL_DF23


def test_the_first_seat_is_fair_with_a_count_that_is_not_a_power_of_two():
    # 7 applicants: a plain modulo of 32-bit numbers would be biased; rejection removes it.
    runs = 7000
    first = Counter(lottery.shuffle(f"first-{i}", "pool", range(7))[0] for i in range(runs))
    assert all(abs(first[n] - 1000) < 130 for n in range(7))


def test_the_protocol_explains_the_algorithm_in_german_and_english():
    assert "Fisher" in lottery.description("de")
    assert "Startwert" in lottery.description("de")
    assert "seed" in lottery.description("en").lower()
