from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import ResetPasswordKeyForm as AllauthResetPasswordKeyForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from participation import services
from participation.models import Event, Frequency, NotificationPreference, User
from participation.models.notifications import DEFAULT_FREQUENCY, PREFERENCE_EVENTS
from participation.validators import validate_display_name


class DisplayNameField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Display name"))
        kwargs.setdefault(
            "help_text",
            _(
                "Shown publicly next to your comments. A pseudonym is fine; "
                "your email address is never shown."
            ),
        )
        super().__init__(min_length=3, max_length=40, validators=[validate_display_name], **kwargs)
        self.widget.attrs.setdefault("autocomplete", "nickname")


def check_display_name_free(name: str, *, exclude_pk: int | None = None) -> None:
    others = User.objects.filter(display_name__iexact=name)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    taken = others.exists()
    if taken:
        raise forms.ValidationError(
            _("This display name is already taken. Please choose another one."),
            code="taken",
        )


def drop_placeholders(form: forms.BaseForm) -> None:
    """allauth gives its fields a placeholder repeating the label. Our labels stay visible
    above each field, so the placeholder only adds noise (and reads like a filled-in value)."""
    for field in form.fields.values():
        field.widget.attrs.pop("placeholder", None)


class LoginForm(AllauthLoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        drop_placeholders(self)
        # allauth makes "Forgot your password?" the field's help text, i.e. its description
        # and a link before it in tab order; account/login.html puts the link after it.
        self.fields["password"].help_text = ""


class ResetPasswordForm(AllauthResetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        drop_placeholders(self)


class ResetPasswordKeyForm(AllauthResetPasswordKeyForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        drop_placeholders(self)


class SignupForm(AllauthSignupForm):
    display_name = DisplayNameField()
    accept_terms = forms.BooleanField(
        required=True,
        error_messages={"required": _("Please accept the terms of use to take part.")},
    )
    accept_privacy = forms.BooleanField(
        required=True,
        error_messages={
            "required": _("Please confirm the privacy notice and your consent to take part.")
        },
    )

    field_order = [
        "email",
        "display_name",
        "password1",
        "password2",
        "minimum_age",
        "accept_terms",
        "accept_privacy",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["accept_terms"].label = format_html(
            gettext('I accept the <a href="{}">terms of use</a>.'),
            reverse("participation:page", kwargs={"slug": "nutzungsbedingungen"}),
        )
        self.fields["accept_privacy"].label = format_html(
            gettext(
                'I have read the <a href="{}">privacy notice</a> and agree that my '
                "contributions are published under my display name. They may reveal my "
                "political opinions (Art. 9 GDPR); I can withdraw this consent at any time "
                "by deleting my account."
            ),
            reverse("participation:page", kwargs={"slug": "datenschutz"}),
        )
        if settings.MINIMUM_AGE:
            self.fields["minimum_age"] = forms.BooleanField(
                required=True,
                label=_("I am at least %(age)s years old.") % {"age": settings.MINIMUM_AGE},
                error_messages={
                    "required": _("You must be at least %(age)s years old to take part.")
                    % {"age": settings.MINIMUM_AGE}
                },
            )
        self.order_fields(self.field_order)
        drop_placeholders(self)

    def clean_display_name(self) -> str:
        name: str = self.cleaned_data["display_name"].strip()
        check_display_name_free(name)
        return name

    def save(self, request: HttpRequest) -> User:
        user: User = super().save(request)
        services.record_signup_consents(
            user=user, minimum_age_confirmed=bool(self.cleaned_data.get("minimum_age"))
        )
        return user


class ProfileForm(forms.ModelForm):
    display_name = DisplayNameField()

    class Meta:
        model = User
        fields = ["display_name", "language"]

    def clean_display_name(self) -> str:
        name: str = self.cleaned_data["display_name"].strip()
        check_display_name_free(name, exclude_pk=self.instance.pk)
        return name


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."), code="wrong_password")
        return password


class PreferencesForm(forms.Form):
    """One choice per event: off, instantly, daily or weekly digest."""

    # A select that always has a value is not "required" to anyone filling it in (and
    # HTML forbids ``required`` on a select without an empty first option).
    use_required_attribute = False

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        stored = dict(
            NotificationPreference.objects.filter(user=user).values_list("event", "frequency")
        )
        for event in PREFERENCE_EVENTS:
            self.fields[event] = forms.ChoiceField(
                label=Event(event).label,
                choices=Frequency.choices,
                initial=stored.get(event, DEFAULT_FREQUENCY[event]),
                widget=forms.Select,
            )

    def save(self) -> None:
        services.save_notification_preferences(user=self.user, choices=self.cleaned_data)


class SubscriptionForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    consent = forms.BooleanField(
        required=True,
        label=_(
            "I agree that the city stores my email address to send me these emails until I "
            "unsubscribe. Every email contains a link to unsubscribe."
        ),
        error_messages={"required": _("Please agree so that we may send you emails.")},
    )
