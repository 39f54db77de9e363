"""Deleting applications once they are no longer needed (DSGVO Art. 5(1)(e)).

An application holds a name and a contact; it is deleted
``BOARD_APPLICATION_RETENTION_DAYS`` after the call's lottery was confirmed, or after
the call closed if no lottery was confirmed. The public protocol (``LotteryRun``) keeps
only application numbers, so it stays complete. The beat task
``participation.tasks.purge_board_applications`` runs this daily; it is idempotent.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from participation.models import Application, Call


@transaction.atomic
def purge_applications() -> int:
    """Delete expired applications; returns how many were deleted."""
    now = timezone.now()
    cutoff = now - timedelta(days=settings.BOARD_APPLICATION_RETENTION_DAYS)
    expired = Call.objects.annotate(
        confirmed_at=Max("lottery_runs__confirmed_at", filter=Q(lottery_runs__confirmed=True))
    ).filter(Q(confirmed_at__lte=cutoff) | Q(confirmed_at__isnull=True, closes_at__lte=cutoff))
    call_ids = list(expired.values_list("pk", flat=True))
    if not call_ids:
        return 0
    deleted, _per_model = Application.objects.filter(call_id__in=call_ids).delete()
    Call.objects.filter(pk__in=call_ids, personal_data_deleted_at__isnull=True).update(
        personal_data_deleted_at=now
    )
    return deleted
