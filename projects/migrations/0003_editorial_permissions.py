"""The group Redaktion maintains the Vorhabenliste; no other role gets anything here."""

from django.db import migrations

from participation.roles import EDITORIAL, grant

MODELS = [
    "department",
    "district",
    "topic",
    "edition",
    "editionentry",
    "project",
    "milestone",
    "councildecision",
    "projectchange",
    "participationrequest",
    "requeststatechange",
    "requestsupport",
]
ACTIONS = ["add", "change", "delete", "view"]
# Records are read, not rewritten: an Anregung's steps and supports, a frozen edition's
# entries. Anregungen come from residents (moved along, or deleted as spam, not added);
# the public change log is written by the reason prompt (its wording may be corrected).
LIMITED = {
    "requeststatechange": ["view"],
    "requestsupport": ["view"],
    "editionentry": ["view"],
    "participationrequest": ["change", "delete", "view"],
    "projectchange": ["change", "view"],
}


def permissions():
    for model in MODELS:
        for action in LIMITED.get(model, ACTIONS):
            yield f"projects.{action}_{model}"
    yield "projects.view_historicalproject"


def grant_editorial(apps, schema_editor):
    grant(apps, schema_editor, EDITORIAL, list(permissions()))


def revoke_editorial(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=EDITORIAL).first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="projects"))


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0002_search_index"),
        ("participation", "0002_staff_roles"),
    ]

    operations = [migrations.RunPython(grant_editorial, revoke_editorial)]
