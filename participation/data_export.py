"""Everything Stadtdialog stores about a person, for the DSGVO Art. 15/20 download.

Each app registers a section in its ``AppConfig.ready``; participation knows nothing
of the apps that build on it.
"""

from collections.abc import Callable
from typing import Any

from participation.models import User

Section = Callable[[User], Any]
_sections: dict[str, Section] = {}


def register(name: str, section: Section) -> None:
    _sections[name] = section


def collect(user: User) -> dict[str, Any]:
    return {name: section(user) for name, section in sorted(_sections.items())}


def account_section(user: User) -> dict[str, Any]:
    from allauth.account.models import EmailAddress

    return {
        "email": user.email,
        "display_name": user.display_name,
        "language": user.language,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "consents": [
            {"kind": c.kind, "version": c.version, "given_at": c.given_at.isoformat()}
            for c in user.consents.order_by("given_at", "pk")
        ],
    }


def notifications_section(user: User) -> dict[str, Any]:
    from django.db.models import Q
    from django.db.models.functions import Lower

    from participation.models import (
        EmailSubscription,
        Follow,
        NotificationPreference,
        OutboxMessage,
    )

    addresses = user.email_addresses()
    return {
        "follows": [
            {
                "type": f.content_type.model,
                "id": f.object_id,
                "name": str(f.target or ""),
                "since": f.created_at.isoformat(),
            }
            for f in Follow.objects.filter(user=user).select_related("content_type")
        ],
        "preferences": dict(
            NotificationPreference.objects.filter(user=user).values_list("event", "frequency")
        ),
        # The same set that account deletion removes: mail to any of the addresses.
        "emails": [
            {
                "to": m.email,
                "event": m.event,
                "state": m.state,
                "created": m.created_at.isoformat(),
            }
            for m in OutboxMessage.objects.annotate(address=Lower("email"))
            .filter(Q(recipient=user) | Q(address__in=addresses))
            .order_by("created_at")
        ],
        "subscriptions": [
            {
                "email": s.email,
                "topic": s.topic,
                "requested": s.created_at.isoformat(),
                "confirmed": s.confirmed_at.isoformat() if s.confirmed_at else None,
            }
            for s in EmailSubscription.objects.annotate(address=Lower("email"))
            .filter(address__in=addresses)
            .order_by("created_at")
        ],
    }


register("account", account_section)
register("notifications", notifications_section)
