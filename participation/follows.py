"""Which things can be followed. Apps register their followable models in ``ready()``
with a function that returns the objects the public may follow (no drafts)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Followable:
    name: str
    public: Callable[[], models.QuerySet]  # type: ignore[type-arg]


_registry: dict[str, Followable] = {}


def register(name: str, public: Callable[[], models.QuerySet]) -> None:  # type: ignore[type-arg]
    _registry[name] = Followable(name=name, public=public)


def get(name: str) -> Followable | None:
    return _registry.get(name)


def name_of(target: models.Model) -> str | None:
    for name, followable in _registry.items():
        if followable.public().model is type(target):
            return name
    return None
