"""The public application form for seats drawn by lot.

It asks for the least data the lottery needs: a name (to seat the person if drawn), a
contact for the result, the pool if the call has pools, and confirmations of the
eligibility rules instead of a date of birth or an address. The form only parses; the
rules (window, eligibility, numbering) are checked again by
``participation.board.seats.apply``, whose refusals the view maps back onto the fields.
Text with NUL bytes is refused by Django's own validator on every ``CharField``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from participation.models import Call, Pool

MAX_LENGTH = 200


class ApplicationForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=MAX_LENGTH,
        help_text=_(
            "Needed to appoint you if you are drawn; it is published only if you agree then."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact = forms.CharField(
        label=_("Email address or phone number"),
        max_length=MAX_LENGTH,
        help_text=_("We use it only to tell you the result of the lottery."),
    )
    pool = forms.ModelChoiceField(
        label=_("Pool"),
        queryset=Pool.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    age_confirmed = forms.BooleanField(label="")
    residence_confirmed = forms.BooleanField(
        label=_("I live in the city."),
        error_messages={"required": _("Please confirm that you live in the city.")},
    )
    privacy_read = forms.BooleanField(
        label=_("I have read the privacy notice on this page."),
        error_messages={"required": _("Please confirm that you have read the privacy notice.")},
    )

    def __init__(self, *args: Any, call: Call, pools: list[Pool], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.call = call
        if pools:
            field = self.fields["pool"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Pool.objects.filter(call=call)
            field.help_text = _("The seats are drawn separately in each pool.")
        else:
            del self.fields["pool"]
        if not call.residence_required:
            del self.fields["residence_confirmed"]
        age = self.fields["age_confirmed"]
        age.label = _("I am at least %(age)s years old.") % {"age": call.minimum_age}
        age.error_messages["required"] = _(
            "Please confirm that you are at least %(age)s years old."
        ) % {"age": call.minimum_age}
