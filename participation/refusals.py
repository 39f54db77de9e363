"""The one exception for an action the rules do not allow, shared by every app's services.

Services raise :class:`ActionRefused` with a message for the person (a resident, or staff
in the admin); views and admin actions turn it into a 4xx or a form error.
"""

from django.core.exceptions import ValidationError


class ActionRefused(ValidationError):
    """An action the rules do not allow; the message says why."""
