"""Remove the second factor of a person who lost it, so that they can sign in and set a new one."""

from typing import Any

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError, CommandParser

from participation.models import User


class Command(BaseCommand):
    help = "Remove all second factors (authenticator app, recovery codes) of one account."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the account's email address")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account with the address {email}.")
        removed, _by_model = Authenticator.objects.filter(user=user).delete()
        self.stdout.write(f"Removed {removed} second factor(s) of {user.email}.")
