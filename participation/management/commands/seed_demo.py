from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from participation import demo, roles
from participation.models import Consent, Page, User
from participation.pages import ensure_pages


@dataclass(frozen=True)
class DemoAccount:
    email: str
    display_name: str
    password: str
    role: str | None = None
    superuser: bool = False


DEMO_PASSWORD = "demo-passwort-2026"  # noqa: S105 - published in README, DEBUG only
DEMO_ACCOUNTS = [
    DemoAccount("anna@example.org", "Anna aus der Altstadt", DEMO_PASSWORD),
    DemoAccount("ben@example.org", "Ben B.", DEMO_PASSWORD),
    DemoAccount("moderation@example.org", "Team Moderation", DEMO_PASSWORD, roles.MODERATION),
    DemoAccount("redaktion@example.org", "Team Redaktion", DEMO_PASSWORD, roles.EDITORIAL),
    DemoAccount("beirat@example.org", "Geschäftsstelle", DEMO_PASSWORD, roles.BOARD_OFFICE),
    DemoAccount("admin@example.org", "Plattform-Admin", DEMO_PASSWORD, superuser=True),
]


class Command(BaseCommand):
    help = "Create demo accounts and the legal page templates. Safe to run repeatedly."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates accounts with published passwords and runs only with DEBUG on."
            )
        with transaction.atomic():
            pages = ensure_pages(Page)
            accounts = sum(self.ensure_account(account) for account in DEMO_ACCOUNTS)
            summaries = [seeder() for seeder in demo.seeders()]
        self.stdout.write(f"Demo data ready: {accounts} new accounts, {pages} new pages.")
        for summary in summaries:
            self.stdout.write(summary)

    def ensure_account(self, account: DemoAccount) -> bool:
        user, created = User.objects.get_or_create(
            email=account.email,
            defaults={
                "display_name": account.display_name,
                "is_staff": bool(account.role or account.superuser),
                "is_superuser": account.superuser,
            },
        )
        if created:
            user.set_password(account.password)
            user.save(update_fields=["password"])
            Consent.objects.bulk_create(
                [
                    Consent(user=user, kind=Consent.Kind.TERMS, version="1"),
                    Consent(user=user, kind=Consent.Kind.PRIVACY, version="1"),
                ]
            )
        EmailAddress.objects.update_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
        if account.role:
            user.groups.add(Group.objects.get(name=account.role))
        return created
