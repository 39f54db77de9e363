"""What the project services share: the refusal and the clean-up of written text."""

from __future__ import annotations

from django.utils.translation import gettext as _

from participation.refusals import ActionRefused

TEXT_MAX_LENGTH = 5000


def clean_text(text: str, *, empty_message: str, max_length: int = TEXT_MAX_LENGTH) -> str:
    """Text without NUL bytes and surrounding blanks; refused when empty or too long."""
    cleaned = (text or "").replace("\x00", "").strip()
    if not cleaned:
        raise ActionRefused(empty_message, code="empty")
    if len(cleaned) > max_length:
        raise ActionRefused(
            _("Please write at most %(max)s characters; this text has %(length)s.")
            % {"max": max_length, "length": len(cleaned)},
            code="too_long",
        )
    return cleaned
