"""Wrap the bare tables in stored Vorhabenliste HTML (participation 0010 says why).

The history table keeps no HTML, and the update writes no history entry.
"""

from importlib import import_module

from django.db import migrations

SHARED = "participation.migrations.0010_wrap_stored_tables"


def wrap_tables(apps, schema_editor):
    import_module(SHARED).wrap_stored_tables(
        apps, "projects", {"projects.Project": {"summary": "summary_html", "goal": "goal_html"}}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0006_german_labels"),
        ("participation", "0010_wrap_stored_tables"),
    ]

    operations = [migrations.RunPython(wrap_tables, migrations.RunPython.noop)]
