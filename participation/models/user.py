from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.update(is_staff=True, is_superuser=True)
        fields.setdefault("display_name", email.split("@")[0])
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A resident or staff member. Logs in with email; shown publicly only by display name."""

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=40,
        help_text=_("Shown next to everything you write. A pseudonym is fine."),
    )
    language = models.CharField(
        _("language for emails"),
        max_length=8,
        default="de",
        choices=[("de", "Deutsch"), ("en", "English")],
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Staff can sign in to the administration."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("display_name"), name="unique_display_name_ci"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_short_name(self) -> str:
        return self.display_name

    @property
    def can_participate(self) -> bool:
        """Only people with a verified email address may comment, support or follow."""
        if not self.is_active:
            return False
        from allauth.account.models import EmailAddress

        return EmailAddress.objects.filter(user=self, verified=True).exists()

    def email_addresses(self) -> set[str]:
        """Every address of the person (the login and any other), lower-cased: what mail
        and subscriptions are matched against for the data export and account deletion."""
        from allauth.account.models import EmailAddress

        others = EmailAddress.objects.filter(user=self).values_list("email", flat=True)
        return {self.email.lower()} | {address.lower() for address in others}
