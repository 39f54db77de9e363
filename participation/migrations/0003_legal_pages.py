from django.db import migrations


def create_pages(apps, schema_editor):
    from participation.pages import ensure_pages

    ensure_pages(apps.get_model("participation", "Page"))


class Migration(migrations.Migration):
    dependencies = [("participation", "0002_staff_roles")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
