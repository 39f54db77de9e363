"""The public change log of an entry and the mails about new and changed entries.

A change of status, schedule (start, end, milestones), cost or participation of a
published entry needs a written public reason. Callers take a :func:`snapshot` before
they save, then call :func:`record_change`, which writes one :class:`ProjectChange` per
group that changed (old → new as readable text, in the site's language) and notifies
followers once. Drafts keep no change log; publishing an entry announces it instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import formats, translation
from django.utils.translation import gettext as _

from participation.models import User
from projects import invalidation, notifications
from projects.models import ChangeGroup, Edition, Project, ProjectChange
from projects.services.common import clean_text

TRACKED_FIELDS: dict[str, tuple[str, ...]] = {
    ChangeGroup.STATUS: ("status",),
    ChangeGroup.SCHEDULE: ("start", "start_precision", "end", "end_precision"),
    ChangeGroup.COST: ("estimated_cost", "financing"),
    ChangeGroup.PARTICIPATION: (
        "participation_planned",
        "participation_reason",
        "participation_kind",
        "participation_level",
        "participation_format",
        "involve_board",
        "consultation_url",
    ),
}


@dataclass(frozen=True)
class Snapshot:
    """What an entry looked like before an edit: published or not, and each group as text."""

    published: bool
    texts: dict[str, str]


def tracked_fields_changed(changed: Iterable[str]) -> list[str]:
    """The groups (ChangeGroup values) touched by the changed field names."""
    changed = set(changed)
    return [group for group, fields in TRACKED_FIELDS.items() if changed & set(fields)]


def _euros(value: Decimal | None) -> str:
    if value is None:
        return _("not estimated yet")
    return f"{formats.number_format(value, 0, use_l10n=True, force_grouping=True)} €"


def describe(project: Project) -> dict[str, str]:
    """Each tracked group of ``project`` as readable text in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        milestones = "; ".join(
            f"{m.title} ({formats.date_format(m.date, 'SHORT_DATE_FORMAT')}"
            f"{', ' + _('reached') if m.done else ''})"
            for m in project.milestones.all()
        )
        schedule = [
            _("Start: %(date)s") % {"date": project.start_display or _("open")},
            _("End: %(date)s") % {"date": project.end_display or _("open")},
        ]
        if milestones:
            schedule.append(_("Milestones: %(list)s") % {"list": milestones})
        cost = _euros(project.estimated_cost)
        if project.financing:
            cost += f"; {_('Financing: %(text)s') % {'text': project.financing}}"
        participation = [str(project.get_participation_planned_display())]
        if project.participation_reason:
            participation.append(project.participation_reason)
        if project.participation_kind:
            participation.append(str(project.get_participation_kind_display()))
        if project.participation_level:
            participation.append(str(project.get_participation_level_display()))
        if project.participation_format:
            participation.append(project.participation_format)
        if project.involve_board:
            participation.append(_("with the Beteiligungsbeirat"))
        if project.consultation_url:
            participation.append(project.consultation_url)
        return {
            ChangeGroup.STATUS: str(project.get_status_display()),
            ChangeGroup.SCHEDULE: "; ".join(schedule),
            ChangeGroup.COST: cost,
            ChangeGroup.PARTICIPATION: "; ".join(participation),
        }


def snapshot(project: Project) -> Snapshot:
    """The stored state of ``project`` (read from the database, not from the instance)."""
    stored = Project.objects.prefetch_related("milestones").get(pk=project.pk)
    return Snapshot(published=stored.published, texts=describe(stored))


@transaction.atomic
def record_change(
    *, project: Project, before: Snapshot, reason: str, by: User | None
) -> list[ProjectChange]:
    """Log and announce what changed since ``before``; call after everything was saved.

    Raises :class:`ActionRefused` (and the caller's transaction rolls back) when a tracked
    group of a published entry changed without a reason.
    """
    project = Project.objects.for_page().get(pk=project.pk)
    if not project.published:
        return []
    if not before.published:
        notifications.announce_new_project(project)
        return []
    after = describe(project)
    groups = [group for group in TRACKED_FIELDS if before.texts[group] != after[group]]
    if not groups:
        return []
    reason = clean_text(
        reason,
        empty_message=_(
            "Please give a public reason for the change of %(groups)s: it is shown in the "
            "entry's history."
        )
        % {"groups": ", ".join(str(ChangeGroup(g).label) for g in groups)},
    )
    edition = Edition.objects.current()
    changes = ProjectChange.objects.bulk_create(
        ProjectChange(
            project=project,
            group=group,
            old_value=before.texts[group],
            new_value=after[group],
            reason=reason,
            edition=edition,
            changed_by=by,
        )
        for group in groups
    )
    notifications.announce_changes(project, changes)
    invalidation.content_changed()  # bulk_create sends no signal; the history shows them
    return changes


@transaction.atomic
def publish_project(*, project: Project) -> Project:
    """Make a draft public and announce it; publishing a public entry changes nothing."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.published:
        return project
    if not project.first_edition_id:
        project.first_edition = Edition.objects.current()
    project.published = True
    project.save()
    notifications.announce_new_project(Project.objects.for_list().get(pk=project.pk))
    return project
