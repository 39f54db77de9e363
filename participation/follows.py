"""Which things can be followed. Apps register their followable models in ``ready()``
with a function that returns the objects the public may follow (no drafts)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from participation.models import Follow


@dataclass(frozen=True)
class Followable:
    name: str
    public: Callable[[], models.QuerySet]  # type: ignore[type-arg]
    model: type[models.Model]


@dataclass(frozen=True)
class Followed:
    """One thing a person follows, as "Mein Konto" lists it."""

    kind: str  # the registered name, for the follow button
    kind_label: str  # e.g. "Dokument"
    target: models.Model
    url: str  # empty for things without a page of their own (a district, a topic)


_registry: dict[str, Followable] = {}


def register(name: str, public: Callable[[], models.QuerySet]) -> None:  # type: ignore[type-arg]
    _registry[name] = Followable(name=name, public=public, model=public().model)


def get(name: str) -> Followable | None:
    return _registry.get(name)


def name_of(target: models.Model) -> str | None:
    for name, followable in _registry.items():
        if followable.model is type(target):
            return name
    return None


def followed_by(user: Any) -> list[Followed]:
    """What ``user`` follows and the public may still see, newest first.

    One query for the follows and one per kind of thing followed, however many there are.
    """
    rows = list(
        Follow.objects.filter(user=user)
        .order_by("-created_at", "-pk")
        .values_list("content_type__app_label", "content_type__model", "object_id")
    )
    ids: dict[tuple[str, str], list[int]] = defaultdict(list)
    for app_label, model_name, object_id in rows:
        ids[app_label, model_name].append(object_id)
    found: dict[tuple[str, str, int], Followed] = {}
    for name, followable in _registry.items():
        queryset = followable.public()
        meta = queryset.model._meta
        model = (meta.app_label, meta.model_name or "")
        if model not in ids:
            continue
        for target in queryset.filter(pk__in=ids[model]):
            url = target.get_absolute_url() if hasattr(target, "get_absolute_url") else ""
            found[(*model, target.pk)] = Followed(name, str(meta.verbose_name), target, url)
    return [found[row] for row in rows if row in found]
