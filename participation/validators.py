import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Names that would let someone pose as the city, as staff or as a deleted account.
RESERVED_NAMES = {
    "admin", "administrator", "moderation", "moderator", "redaktion", "stadt",
    "stadtverwaltung", "geschäftsstelle", "gelöschtes konto", "deleted account", "system",
}  # fmt: skip


def validate_display_name(value: str) -> None:
    name = value.strip()
    if "@" in name:
        raise ValidationError(
            _("A display name cannot contain “@”, so that no email address becomes public."),
            code="email",
        )
    if any(unicodedata.category(char)[0] == "C" for char in name):
        raise ValidationError(_("The display name contains invalid characters."), code="control")
    if name.casefold() in RESERVED_NAMES:
        raise ValidationError(
            _("This name is reserved. Please choose another one."), code="reserved"
        )
