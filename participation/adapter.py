from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.utils.translation import get_language

from participation.models import User
from participation.services import queue_email


class AccountAdapter(DefaultAccountAdapter):
    """allauth's seam: mail leaves through the worker; signup fills our own fields."""

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        request = self.request
        ctx = {"request": request, "email": email, **context}
        queue_email(self.render_mail(template_prefix, email, ctx))

    def save_user(self, request: HttpRequest, user: User, form: Any, commit: bool = True) -> User:
        user.display_name = form.cleaned_data["display_name"]
        user.language = (get_language() or "de")[:2]
        saved: User = super().save_user(request, user, form, commit=commit)
        return saved
