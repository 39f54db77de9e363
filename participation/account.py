"""Sections of "Mein Konto" that other apps contribute (e.g. the person's comments).

Each app registers, in ``AppConfig.ready``, a template and a function that returns its
context for the signed-in person; the account page renders them in the order given by
``position``, after the profile. participation knows nothing of the apps that build on
it. A section's context function must keep its query count independent of how much the
person has written (paginate, ``select_related``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class AccountSection:
    template: str
    context: Callable[[HttpRequest], dict[str, Any]]
    position: int


_sections: dict[str, AccountSection] = {}


def register(
    name: str,
    *,
    template: str,
    context: Callable[[HttpRequest], dict[str, Any]],
    position: int = 50,
) -> None:
    _sections[name] = AccountSection(template=template, context=context, position=position)


def sections(request: HttpRequest) -> list[tuple[str, dict[str, Any]]]:
    """The registered sections as (template, context), in their order."""
    ordered = sorted(_sections.values(), key=lambda section: (section.position, section.template))
    return [(section.template, section.context(request)) for section in ordered]
