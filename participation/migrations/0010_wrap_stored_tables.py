"""Tables in rendered Markdown now scroll sideways in a region of their own
(participation.markdown), but HTML stored before has bare tables: render again each
stored field that has a table without its region, and leave every other row alone.

The guidelines and projects apps run :func:`wrap_stored_tables` for their fields too.
"""

from functools import partial

from django.db import migrations, transaction

# The start of the region the renderer puts around a table; staff text cannot make one.
WRAPPED = '<div class="table-scroll"'


def wrap_stored_tables(apps, generation, fields):
    """Render ``{"app.Model": {markdown field: html field}}`` again where the HTML has a
    bare table, and invalidate the page-cache ``generation`` after commit if any was.

    ``bulk_update`` writes the HTML alone: no ``updated_at``, no history entry, no signal.
    """
    from participation.markdown import render_markdown
    from participation.pagecache import bump_now

    changed = 0
    for label, pairs in fields.items():
        model = apps.get_model(label)
        for source, target in pairs.items():
            rows = list(
                model.objects.filter(**{f"{target}__contains": "<table"})
                .exclude(**{f"{target}__contains": WRAPPED})
                .only("pk", source)
            )
            for row in rows:
                setattr(row, target, render_markdown(getattr(row, source)))
            model.objects.bulk_update(rows, [target], batch_size=500)
            changed += len(rows)
    if changed:
        # Robust: the HTML is committed by then, and a cache that cannot be reached is
        # logged rather than failing the migration (docs/cache.md).
        transaction.on_commit(partial(bump_now, [generation]), robust=True)


def wrap_tables(apps, schema_editor):
    wrap_stored_tables(
        apps, "pages", {"participation.Page": {"body": "body_html", "body_en": "body_en_html"}}
    )
    wrap_stored_tables(
        apps,
        "board",
        {
            "participation.Board": {
                "purpose": "purpose_html",
                "rules_of_procedure": "rules_of_procedure_html",
            },
            "participation.Call": {"text": "text_html"},
            "participation.AgendaItem": {"description": "description_html"},
            "participation.Minutes": {"text": "text_html"},
        },
    )


class Migration(migrations.Migration):
    dependencies = [("participation", "0009_rerender_page_anchors")]

    operations = [migrations.RunPython(wrap_tables, migrations.RunPython.noop)]
