from .board import (
    Application,
    Board,
    BoardTerm,
    Call,
    LotteryRun,
    Membership,
    Pool,
    Seat,
    SeatType,
)
from .consent import Consent
from .meetings import AgendaItem, Attachment, Meeting, Minutes
from .notifications import (
    EmailSubscription,
    Event,
    Follow,
    Frequency,
    NotificationPreference,
    OutboxMessage,
)
from .oparl import OParlTombstone, OParlType
from .pages import Page
from .user import User

__all__ = [
    "AgendaItem",
    "Application",
    "Attachment",
    "Board",
    "BoardTerm",
    "Call",
    "Consent",
    "EmailSubscription",
    "Event",
    "Follow",
    "Frequency",
    "LotteryRun",
    "Meeting",
    "Membership",
    "Minutes",
    "NotificationPreference",
    "OParlTombstone",
    "OParlType",
    "OutboxMessage",
    "Page",
    "Pool",
    "Seat",
    "SeatType",
    "User",
]
