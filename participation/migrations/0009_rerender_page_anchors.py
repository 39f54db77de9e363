"""The terms of use's fixed rule anchors ({#grund-1} …) used to be dropped when rendered;
render the stored pages again, so that a hidden comment's link to its rule arrives."""

from django.db import migrations

from participation.markdown import render_markdown


def rerender(apps, schema_editor):
    Page = apps.get_model("participation", "Page")
    for page in Page.objects.all():
        page.body_html = render_markdown(page.body)
        page.body_en_html = render_markdown(page.body_en)
        page.save(update_fields=["body_html", "body_en_html"])


class Migration(migrations.Migration):
    dependencies = [("participation", "0008_german_labels")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
