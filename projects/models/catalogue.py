"""The data staff maintain around the list: departments, districts and topics.

A department's contact is an office: a postal address and a function mailbox. Mail
addresses at consumer mail providers are refused, because a Vorhaben is answered by
an office, not by a private person.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Consumer mail providers: an address there is a private one, never an office mailbox.
PRIVATE_MAIL_DOMAINS = frozenset(
    {
        "aol.com", "freenet.de", "gmail.com", "gmx.de", "gmx.net", "googlemail.com",
        "hotmail.com", "hotmail.de", "icloud.com", "live.de", "mail.de", "me.com",
        "outlook.com", "outlook.de", "posteo.de", "t-online.de", "web.de", "yahoo.com",
        "yahoo.de",
    }
)  # fmt: skip
EMAIL_PATTERN = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)", re.UNICODE)


def validate_office_contact(value: str) -> None:
    """Refuse text that contains a mail address at a consumer mail provider."""
    for domain in EMAIL_PATTERN.findall(value or ""):
        if domain.lower() in PRIVATE_MAIL_DOMAINS:
            raise ValidationError(
                _(
                    "Please give the function mailbox of the office (e.g. stadtplanung@…), "
                    "not a private address at %(domain)s."
                ),
                code="private_address",
                params={"domain": domain.lower()},
            )


class Department(models.Model):
    """A Referat or Amt responsible for entries."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(
        _("short name"), max_length=40, blank=True, help_text=_("e.g. “Amt 61”")
    )
    slug = models.SlugField(_("short name in the address"), max_length=80, unique=True)
    address = models.TextField(
        _("office address"), blank=True, help_text=_("Postal address of the office.")
    )
    email = models.EmailField(
        _("function mailbox"),
        blank=True,
        validators=[validate_office_contact],
        help_text=_(
            "The mailbox of the office (e.g. stadtplanung@stadt.example), "
            "never the address of a person."
        ),
    )
    phone = models.CharField(_("phone (office)"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("short name in the address"), max_length=80, unique=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("short name in the address"), max_length=80, unique=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name
