"""Demo content for ``manage.py seed_demo``: each app registers a seeder in ``ready()``.

A seeder takes no arguments, must be idempotent, and returns a one-line summary.
"""

from collections.abc import Callable

Seeder = Callable[[], str]
seeders: list[Seeder] = []


def register(seeder: Seeder) -> None:
    if seeder not in seeders:
        seeders.append(seeder)
