"""The public forms of the Vorhabenliste: asking for participation and supporting it.

The forms only parse what was typed; the rules (who may, the window, the minimum age,
one active request per entry, one support per person) are the services' and come back
as messages for the person (``projects.services.ActionRefused``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from projects.services.common import TEXT_MAX_LENGTH


def minimum_age() -> int:
    return int(getattr(settings, "PROJECTS_REQUEST_MINIMUM_AGE", 0))


class _AgeConfirmation(forms.Form):
    age_confirmed = forms.BooleanField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        age = minimum_age()
        if age:
            self.fields["age_confirmed"].label = _("I am at least %(age)s years old.") % {
                "age": age
            }
        else:
            del self.fields["age_confirmed"]

    @property
    def confirmed_age(self) -> bool:
        """What was ticked; without a minimum age there is nothing to confirm."""
        if not minimum_age():
            return True
        return bool(self.is_valid() and self.cleaned_data.get("age_confirmed"))


class RequestForm(_AgeConfirmation):
    reason = forms.CharField(
        label=_("Why should residents be involved in this project?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        strip=False,
    )
    field_order = ["reason", "age_confirmed"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _(
            "Your reason is shown publicly with the Anregung; your name and email address "
            "are not. At most %(max)s characters."
        ) % {"max": TEXT_MAX_LENGTH}

    @property
    def reason_text(self) -> str:
        return str(self.data.get("reason", ""))


class SupportForm(_AgeConfirmation):
    """Support an Anregung; only the age confirmation (when a minimum age is set)."""
