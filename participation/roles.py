"""Staff roles as Django groups, created and extended by data migrations.

No role ever gets a permission on ``auth.User``/``participation.User``, groups or
permissions: with ``change_user`` a staff member could make themselves superuser.
"""

from typing import Any

MODERATION = "Moderation"
EDITORIAL = "Redaktion"
BOARD_OFFICE = "Geschäftsstelle Beirat"
ROLES = (MODERATION, EDITORIAL, BOARD_OFFICE)

FORBIDDEN_MODELS = {("participation", "user"), ("auth", "group"), ("auth", "permission")}


def grant(apps: Any, schema_editor: Any, role: str, permissions: list[str]) -> None:
    """Give ``role`` the permissions named ``app_label.codename`` (for data migrations)."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations ran; make sure the ones
    # named here exist already on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=role)
    for name in permissions:
        app_label, codename = name.split(".")
        if (app_label, codename.split("_", 1)[1]) in FORBIDDEN_MODELS:
            raise ValueError(f"{role} must never get {name}")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
