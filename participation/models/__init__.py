from .consent import Consent
from .pages import Page
from .user import User

__all__ = ["Consent", "Page", "User"]
