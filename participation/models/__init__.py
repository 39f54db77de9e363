from .consent import Consent
from .notifications import (
    EmailSubscription,
    Event,
    Follow,
    Frequency,
    NotificationPreference,
    OutboxMessage,
)
from .pages import Page
from .user import User

__all__ = [
    "Consent",
    "EmailSubscription",
    "Event",
    "Follow",
    "Frequency",
    "NotificationPreference",
    "OutboxMessage",
    "Page",
    "User",
]
