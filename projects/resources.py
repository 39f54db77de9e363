"""Import and export of the whole list as CSV or XLSX (django-import-export).

Columns carry the same names as the open data. Staff can write choices as code or as
label ("planning" or "in Planung"), topics and districts by name or slug separated by
";", the department by name, short name or slug, dates as 2026-05-14, 14.05.2026,
2026-05, 05/2026 or 2026, and amounts as 1.250.000 or 1250000,50.

Nothing is applied unless every row is valid: the admin shows a dry run first, rows
with unknown columns, bad values, unknown districts, a slug that appears twice, or a
tracked change without ``change_reason`` are reported per row, and any invalid row
rolls the whole import back. Existing entries are matched by ``slug``; a changed
status, schedule, cost or participation of a published entry goes into its public
change log with the row's ``change_reason``, exactly as an edit in the admin does.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader

from projects.cells import (
    ChoiceWidget,
    DayWidget,
    NamedWidget,
    NamesWidget,
    NumberWidget,
    PartialDateField,
    TextWidget,
    YesNoWidget,
    as_text,
)
from projects.models import (
    Department,
    District,
    Edition,
    ParticipationKind,
    ParticipationLevel,
    ParticipationPlanned,
    Project,
    Status,
    Topic,
)
from projects.services.changes import Snapshot, describe, record_change, snapshot


def _field(name: str, widget: widgets.Widget, **kwargs: Any) -> fields.Field:
    return fields.Field(attribute=name, column_name=name, widget=widget, **kwargs)


class ProjectResource(resources.ModelResource):
    slug = _field("slug", TextWidget())
    title = _field("title", TextWidget())
    summary = _field("summary", TextWidget())
    goal = _field("goal", TextWidget())
    status = _field("status", ChoiceWidget(Status))
    topics = _field("topics", NamesWidget(Topic, label=_("topic")))
    districts = _field("districts", NamesWidget(District, label=_("district")))
    department = _field(
        "department",
        NamedWidget(Department, label=_("department"), keys=("name", "short_name", "slug")),
    )
    contact = _field("contact", TextWidget())
    start = PartialDateField(attribute="start", column_name="start")
    end = PartialDateField(attribute="end", column_name="end")
    next_steps = _field("next_steps", TextWidget())
    estimated_cost = _field("estimated_cost", NumberWidget(grouping=True))
    financing = _field("financing", TextWidget())
    participation_planned = _field("participation_planned", ChoiceWidget(ParticipationPlanned))
    participation_reason = _field("participation_reason", TextWidget())
    participation_kind = _field("participation_kind", ChoiceWidget(ParticipationKind, blank=True))
    participation_level = _field(
        "participation_level", ChoiceWidget(ParticipationLevel, blank=True)
    )
    participation_format = _field("participation_format", TextWidget())
    involve_board = _field("involve_board", YesNoWidget())
    consultation_url = _field("consultation_url", TextWidget())
    latitude = _field("latitude", NumberWidget(grouping=False))
    longitude = _field("longitude", NumberWidget(grouping=False))
    added_on = _field("added_on", DayWidget(), saves_null_values=False)
    first_edition = _field(
        "first_edition", NamedWidget(Edition, label=_("edition"), keys=("number",))
    )
    published = _field("published", YesNoWidget())
    change_reason = fields.Field(column_name="change_reason", readonly=True)

    class Meta:
        model = Project
        import_id_fields = ["slug"]
        fields = (
            "slug", "title", "summary", "goal", "status", "topics", "districts", "department",
            "contact", "start", "end", "next_steps", "estimated_cost", "financing",
            "participation_planned", "participation_reason", "participation_kind",
            "participation_level", "participation_format", "involve_board", "consultation_url",
            "latitude", "longitude", "added_on", "first_edition", "published", "change_reason",
        )  # fmt: skip
        export_order = fields
        instance_loader_class = CachedInstanceLoader
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.unknown_columns: list[str] = []
        self.slug_rows: Counter[str] = Counter()

    def import_data(self, dataset: Any, *args: Any, **kwargs: Any) -> Any:
        # One invalid row rolls everything back, also in the confirming (non-dry) run.
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, *args, **kwargs)

    def dehydrate_change_reason(self, project: Project) -> str:
        return ""

    def get_queryset(self) -> models.QuerySet[Project]:
        return Project.objects.for_list().order_by("title", "pk")

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        known = set(self._meta.fields)
        self.unknown_columns = [h for h in dataset.headers if h not in known]
        slug_column = dataset.headers.index("slug") if "slug" in dataset.headers else None
        if slug_column is not None:
            self.slug_rows = Counter(as_text(row[slug_column]) for row in dataset)

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        if self.unknown_columns:
            raise ValidationError(
                _("Unknown columns: %(columns)s. Allowed are: %(allowed)s.")
                % {
                    "columns": ", ".join(self.unknown_columns),
                    "allowed": ", ".join(self._meta.fields),
                }
            )
        slug = as_text(row.get("slug"))
        if not slug:
            raise ValidationError({"slug": _("Every row needs a slug (short name).")})
        errors = {}
        for name in ("topics", "districts"):
            if name in row:
                try:
                    self.fields[name].widget.clean(row[name])
                except ValueError as error:
                    errors[name] = str(error)
        if errors:
            raise ValidationError(errors)
        if self.slug_rows[slug] > 1:
            raise ValidationError(
                {
                    "slug": _("The slug “%(slug)s” appears more than once in the file.")
                    % {"slug": slug}
                }
            )

    def before_save_instance(self, instance: Project, row: Any, **kwargs: Any) -> None:
        before = snapshot(instance) if instance.pk else Snapshot(published=False, texts={})
        if before.published and not as_text(row.get("change_reason")):
            after = describe(instance)
            changed = [group for group, text in before.texts.items() if after[group] != text]
            if changed:
                raise ValidationError(
                    {
                        "change_reason": _(
                            "Status, schedule, cost or participation changed: please give a "
                            "public reason in the column change_reason."
                        )
                    }
                )
        instance._import_snapshot = before  # type: ignore[attr-defined]

    def validate_instance(
        self,
        instance: Project,
        import_validation_errors: dict[str, Any] | None = None,
        validate_unique: bool = True,
    ) -> None:
        # Department and edition come from lookups that found them, and a slug can only be
        # new when no entry has it (duplicates in the file are refused per row): checking
        # these again costs three queries per row and finds nothing.
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=[*errors, "department", "first_edition"], validate_unique=False
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def save_m2m(self, instance: Project, row: Any, **kwargs: Any) -> None:
        new = not instance._import_snapshot.texts  # type: ignore[attr-defined]
        for name in ("topics", "districts"):
            if name not in row:
                continue
            values = self.fields[name].widget.clean(row[name])
            related = getattr(instance, name)
            if not new:
                related.set(values)
            elif values:
                # A new entry has no links yet: one INSERT, no reading first.
                related.add(*values)
            if new:
                # The preview's diff reads the links back; hand them over as Django's own
                # prefetching would, instead of one query per column and row.
                cached = related.model.objects.filter(pk__in=[v.pk for v in values])
                cached._result_cache = list(values)
                cached._prefetch_done = True
                vars(instance).setdefault("_prefetched_objects_cache", {})[name] = cached
        if kwargs.get("dry_run"):
            # The preview is rolled back: no change log to write, nobody to tell.
            return
        record_change(
            project=instance,
            before=instance._import_snapshot,  # type: ignore[attr-defined]
            reason=as_text(row.get("change_reason")),
            by=kwargs.get("user"),
        )
