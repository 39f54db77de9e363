"""Sections of the start page that other apps contribute (the Vorhabenliste, the board).

Each app registers, in ``AppConfig.ready``, a template and a function that returns its
context; the start page renders them in the order given by ``position``. participation
knows nothing of the apps that build on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class HomeSection:
    template: str
    context: Callable[[HttpRequest], dict[str, Any]]
    position: int


_sections: dict[str, HomeSection] = {}


def register(
    name: str,
    *,
    template: str,
    context: Callable[[HttpRequest], dict[str, Any]],
    position: int = 50,
) -> None:
    _sections[name] = HomeSection(template=template, context=context, position=position)


def sections(request: HttpRequest) -> list[tuple[str, dict[str, Any]]]:
    """The registered sections as (template, context), in their order."""
    ordered = sorted(_sections.values(), key=lambda section: (section.position, section.template))
    return [(section.template, section.context(request)) for section in ordered]
