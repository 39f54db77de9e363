"""Freezing an edition: its print version stays as published, whatever changes later."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.models import User
from projects.models import Edition, EditionEntry, Project
from projects.records import project_record
from projects.services.common import ActionRefused


@transaction.atomic
def freeze_edition(*, edition: Edition, by: User | None) -> int:
    """Write the snapshot of every public entry into ``edition``; returns how many.

    Refused for an edition that is frozen already or not published yet.
    """
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.is_frozen:
        raise ActionRefused(_("This edition is frozen already."), code="frozen")
    if edition.published_on is None:
        raise ActionRefused(
            _("Set the publication date before freezing the edition."), code="unpublished"
        )
    projects = Project.objects.public().for_page().order_by("title", "pk")
    entries = EditionEntry.objects.bulk_create(
        EditionEntry(
            edition=edition,
            project=project,
            position=position,
            is_new=project.first_edition_id == edition.pk,
            data=project_record(project),
        )
        for position, project in enumerate(projects, start=1)
    )
    edition.frozen_at = timezone.now()
    edition.frozen_by = by
    edition.save(update_fields=["frozen_at", "frozen_by"])
    return len(entries)
