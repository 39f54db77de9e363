from django.db import migrations

from participation.roles import EDITORIAL, MODERATION, grant


def grant_permissions(apps, schema_editor):
    grant(
        apps,
        schema_editor,
        EDITORIAL,
        [f"guidelines.{verb}_response" for verb in ("add", "change", "delete", "view")],
    )
    grant(apps, schema_editor, MODERATION, ["guidelines.view_response"])


class Migration(migrations.Migration):
    dependencies = [("guidelines", "0003_responses")]

    operations = [migrations.RunPython(grant_permissions, migrations.RunPython.noop)]
