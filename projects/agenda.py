"""The board's meeting page names the Anregungen on its agenda (the link is held here)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.utils.translation import gettext as _

from participation.board.agenda_links import AgendaLink
from projects.models import ParticipationRequest


def requests_on_agenda(item_ids: Sequence[int]) -> dict[int, list[AgendaLink]]:
    """Public Anregungen linked to these agenda items, in one query."""
    found: dict[int, list[AgendaLink]] = defaultdict(list)
    requests = (
        ParticipationRequest.objects.public()
        .filter(agenda_item_id__in=item_ids)
        .select_related("project")
        .order_by("pk")
    )
    for request in requests:
        assert request.agenda_item_id is not None  # filtered above
        found[request.agenda_item_id].append(
            AgendaLink(
                title=_("Anregung on “%(project)s”") % {"project": request.project.title},
                url=f"{request.project.get_absolute_url()}#anregung-{request.pk}",
            )
        )
    return found
