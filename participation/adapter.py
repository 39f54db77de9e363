from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from participation.models import User
from participation.services import queue_email


@dataclass(frozen=True)
class ConfiguredSite:
    """What allauth's mail templates read as ``current_site`` ("Hello from {{ name }}!",
    "… an account on {{ domain }}"): the configured platform, not a Site row
    (django.contrib.sites is not installed) nor the Host header of the request."""

    name: str
    domain: str


def configured_site() -> ConfiguredSite:
    return ConfiguredSite(
        name=f"{settings.SITE_NAME} {settings.CITY_NAME}",
        domain=urlsplit(settings.SITE_URL).netloc,
    )


class AccountAdapter(DefaultAccountAdapter):
    """allauth's seam: mail leaves through the worker; signup fills our own fields."""

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        ctx = {"request": self.request, "email": email, "current_site": configured_site()}
        ctx.update(context)
        queue_email(self.render_mail(template_prefix, email, ctx))

    def save_user(self, request: HttpRequest, user: User, form: Any, commit: bool = True) -> User:
        user.display_name = form.cleaned_data["display_name"]
        user.language = (get_language() or "de")[:2]
        saved: User = super().save_user(request, user, form, commit=commit)
        return saved
