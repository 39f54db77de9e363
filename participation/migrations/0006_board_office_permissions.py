from django.db import migrations

from participation.roles import BOARD_OFFICE, grant

BOARD_MODELS = [
    "board",
    "boardterm",
    "seat",
    "membership",
    "call",
    "pool",
    "application",
    "lotteryrun",
    "meeting",
    "agendaitem",
    "attachment",
    "minutes",
]


def grant_board(apps, schema_editor):
    grant(
        apps,
        schema_editor,
        BOARD_OFFICE,
        [
            f"participation.{action}_{model}"
            for model in BOARD_MODELS
            for action in ("add", "change", "delete", "view")
        ],
    )


def revoke_board(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=BOARD_OFFICE).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="participation", content_type__model__in=BOARD_MODELS
            )
        )


class Migration(migrations.Migration):
    dependencies = [("participation", "0005_board")]

    operations = [migrations.RunPython(grant_board, revoke_board)]
