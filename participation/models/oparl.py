"""Tombstones of OParl objects that were public and are not any more.

An OParl client that syncs with ``modified_since`` must learn that an object it holds
was removed. When a public meeting, agenda item, file, membership (and its person),
board or term is deleted or stops being public, ``participation.oparl.tombstones``
writes one row here; the OParl lists then answer ``{"id", "type", "deleted": true}``
for it. A row is removed again when the object becomes public once more. Only objects
that were public get a row, so a tombstone never reveals a non-public object.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OParlType(models.TextChoices):
    ORGANIZATION = "Organization", "Organization"
    LEGISLATIVE_TERM = "LegislativeTerm", "LegislativeTerm"
    PERSON = "Person", "Person"
    MEMBERSHIP = "Membership", "Membership"
    MEETING = "Meeting", "Meeting"
    AGENDA_ITEM = "AgendaItem", "AgendaItem"
    FILE = "File", "File"


class OParlTombstone(models.Model):
    object_type = models.CharField(_("OParl type"), max_length=20, choices=OParlType.choices)
    object_pk = models.PositiveBigIntegerField(_("id of the removed object"))
    object_created = models.DateTimeField(_("object created"))
    deleted_at = models.DateTimeField(_("removed at"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("OParl tombstone")
        verbose_name_plural = _("OParl tombstones")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["object_type", "object_pk"], name="one_oparl_tombstone_per_object"
            )
        ]

    def __str__(self) -> str:
        return f"{self.object_type} {self.object_pk}"
