"""Sections that other apps contribute to a page of participation (start page, account).

Each app registers, in ``AppConfig.ready``, a template and a function that returns its
context; the page renders them in the order given by ``position``. participation knows
nothing of the apps that build on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Section:
    template: str
    context: Callable[[HttpRequest], dict[str, Any]]
    position: int


@dataclass
class PageSections:
    """The sections of one page, by name (registering a name again replaces it)."""

    _sections: dict[str, Section] = field(default_factory=dict)

    def register(
        self,
        name: str,
        *,
        template: str,
        context: Callable[[HttpRequest], dict[str, Any]],
        position: int = 50,
    ) -> None:
        self._sections[name] = Section(template=template, context=context, position=position)

    def sections(self, request: HttpRequest) -> list[tuple[str, dict[str, Any]]]:
        """The registered sections as (template, context), in their order."""
        ordered = sorted(self._sections.values(), key=lambda s: (s.position, s.template))
        return [(section.template, section.context(request)) for section in ordered]
