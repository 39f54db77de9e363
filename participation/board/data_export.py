"""The board's part of a person's data download: memberships linked to their account.

Applications are not linked to accounts (they hold only a name and a contact), so
they cannot be part of it; they are deleted after the retention period.
"""

from typing import Any

from participation.models import Membership, User


def memberships_of(user: User) -> list[dict[str, Any]]:
    return [
        {
            "board": m.seat.board.name,
            "seat": str(m.seat),
            "role": m.get_role_display(),
            "start": m.start.isoformat(),
            "end": m.end.isoformat() if m.end else None,
            "consent_to_publish": m.consent_to_publish,
            "consent_date": m.consent_date.isoformat() if m.consent_date else None,
        }
        for m in Membership.objects.filter(user=user).select_related("seat__board")
    ]
