"""Demo content for ``manage.py seed_demo``: each app registers a seeder in ``ready()``.

A seeder takes no arguments, must be idempotent, and returns a one-line summary.
Seeders run by ``position`` (then in the order registered): content that links to
other apps' demo content (the board's agenda links a guideline document) goes last.
"""

from collections.abc import Callable

Seeder = Callable[[], str]
_registered: list[tuple[int, int, Seeder]] = []


def register(seeder: Seeder, *, position: int = 50) -> None:
    if all(seeder is not entry for _position, _index, entry in _registered):
        _registered.append((position, len(_registered), seeder))


def seeders() -> list[Seeder]:
    return [seeder for _position, _index, seeder in sorted(_registered, key=lambda e: e[:2])]
