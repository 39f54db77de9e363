"""Parsing the residents' comment forms.

The forms only parse; the rules (empty, too long, period, depth …) live in
``guidelines.services``, so that there is one message per rule wherever it is hit.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from guidelines.models import HideReason

REPORT_DETAILS_MAX_LENGTH = 1000


class PlainTextField(forms.CharField):
    """Text as typed, minus NUL bytes (PostgreSQL refuses them) and with ``\\n`` line ends.

    Browsers count a line break as one character for ``maxlength`` but submit it as
    CRLF; normalising keeps a text the counter accepted within the server's limit.
    """

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        return str(text).replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")


class CommentForm(forms.Form):
    text = PlainTextField(label=_("Comment"), required=False, strip=False)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=HideReason.choices,
        error_messages={
            "required": _("Please choose a reason."),
            "invalid_choice": _("Please choose a reason."),
        },
    )
    # The textarea stops at REPORT_DETAILS_MAX_LENGTH; the service cuts anything longer.
    details = PlainTextField(label=_("Details (optional)"), required=False)


SORTS: dict[str, tuple[str, ...]] = {
    "oldest": ("created_at", "pk"),
    "newest": ("-created_at", "-pk"),
    "supported": ("-support_count", "created_at", "pk"),
}
DEFAULT_SORT = "oldest"


def parse_sort(value: object) -> str:
    return value if isinstance(value, str) and value in SORTS else DEFAULT_SORT


def parse_page(value: object) -> int:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return 1
    return number if number >= 1 else 1
