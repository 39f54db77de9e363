"""Wrap the bare tables in stored guideline HTML (participation 0010 says why)."""

from importlib import import_module

from django.db import migrations

SHARED = "participation.migrations.0010_wrap_stored_tables"


def wrap_tables(apps, schema_editor):
    import_module(SHARED).wrap_stored_tables(
        apps,
        "guidelines",
        {
            "guidelines.Document": {"summary": "summary_html"},
            "guidelines.Version": {"introduction": "introduction_html"},
            # Stored paragraph text is already normalised: save() and imports do it first.
            "guidelines.Paragraph": {"text": "text_html"},
            "guidelines.Response": {"reasoning": "reasoning_html"},
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("guidelines", "0007_objections"),
        ("participation", "0010_wrap_stored_tables"),
    ]

    operations = [migrations.RunPython(wrap_tables, migrations.RunPython.noop)]
