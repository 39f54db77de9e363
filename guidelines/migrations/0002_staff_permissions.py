from django.db import migrations

from participation.roles import EDITORIAL, MODERATION, grant

AUTHORING = ["document", "version", "section", "paragraph"]


def grant_permissions(apps, schema_editor):
    grant(
        apps,
        schema_editor,
        EDITORIAL,
        [f"guidelines.{verb}_{model}" for model in AUTHORING for verb in ("add", "change", "delete", "view")]
        + ["guidelines.view_comment"],
    )
    grant(
        apps,
        schema_editor,
        MODERATION,
        [
            "guidelines.view_document",
            "guidelines.view_version",
            "guidelines.view_paragraph",
            "guidelines.view_comment",
            "guidelines.change_comment",
            "guidelines.view_report",
            "guidelines.view_moderationaction",
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("guidelines", "0001_initial"),
        ("participation", "0002_staff_roles"),
    ]

    operations = [migrations.RunPython(grant_permissions, migrations.RunPython.noop)]
