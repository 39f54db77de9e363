from django.db import migrations

from participation.roles import BOARD_OFFICE, EDITORIAL, MODERATION, grant


def create_roles(apps, schema_editor):
    grant(apps, schema_editor, MODERATION, ["participation.view_page"])
    grant(
        apps,
        schema_editor,
        EDITORIAL,
        ["participation.view_page", "participation.change_page"],
    )
    grant(apps, schema_editor, BOARD_OFFICE, ["participation.view_page"])


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=[MODERATION, EDITORIAL, BOARD_OFFICE]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
