"""Links that other apps hold to agenda items, shown on the meeting page.

A Vorhabenliste entry's Anregung names the agenda item where the board discusses it; the
link is stored on the projects side (participation imports nothing from projects), so
projects registers a provider here in its ``AppConfig.ready``. A provider takes the ids
of the public agenda items of one meeting and returns, in one query, what links to them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class AgendaLink:
    title: str
    url: str


Provider = Callable[[Sequence[int]], dict[int, list[AgendaLink]]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def links_to(item_ids: Sequence[int]) -> dict[int, list[AgendaLink]]:
    found: dict[int, list[AgendaLink]] = defaultdict(list)
    if not item_ids:
        return found
    for provider in _providers:
        for item_id, links in provider(item_ids).items():
            found[item_id].extend(links)
    return found
