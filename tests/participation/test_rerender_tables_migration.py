"""The data migrations that wrap the bare tables in HTML stored before tables scrolled
(participation 0010, guidelines 0008, projects 0007), run on rows written the old way."""

from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guidelines.models import Document, Paragraph, Response, Version
from participation import pagecache
from participation.markdown import render_markdown
from participation.models import AgendaItem, Board, Call, Minutes, Page
from projects.models import Project
from tests.guidelines.factories import first_paragraph, make_comment, make_version
from tests.participation.board.factories import (
    make_agenda_item,
    make_board,
    make_call,
    make_meeting,
    make_minutes,
)
from tests.projects.factories import make_project

pytestmark = pytest.mark.django_db

MIGRATIONS = {
    "guidelines": "guidelines.migrations.0008_wrap_stored_tables",
    "participation": "participation.migrations.0010_wrap_stored_tables",
    "projects": "projects.migrations.0007_wrap_stored_tables",
}
TABLE = "| Ort | Termin |\n|---|---|\n| Rathaus | 3. März |\n"
OLD_TABLE = "<table><tbody><tr><td>Rathaus</td></tr></tbody></table>"
WRAPPED = '<div class="table-scroll" role="region" tabindex="0"'


def _guideline_rows():
    version = make_version()
    paragraph = first_paragraph(version)
    comment = make_comment(paragraph, None)
    return {
        Document: version.document,
        Version: version,
        Paragraph: paragraph,
        Response: Response.objects.create(comment=comment, disposition="noted", reasoning="x"),
    }


def _board_rows():
    board = make_board()
    meeting = make_meeting(board)
    return {
        Board: board,
        Call: make_call(board),
        AgendaItem: make_agenda_item(meeting),
        Minutes: make_minutes(meeting),
    }


ROWS = {
    "guidelines": _guideline_rows,
    "participation": lambda: {Page: Page.objects.get(slug="impressum"), **_board_rows()},
    "projects": lambda: {Project: make_project()},
}
# Every Markdown field with its stored HTML, per app.
FIELDS = {
    "guidelines": [
        (Document, "summary", "summary_html"),
        (Version, "introduction", "introduction_html"),
        (Paragraph, "text", "text_html"),
        (Response, "reasoning", "reasoning_html"),
    ],
    "participation": [
        (Page, "body", "body_html"),
        (Page, "body_en", "body_en_html"),
        (Board, "purpose", "purpose_html"),
        (Board, "rules_of_procedure", "rules_of_procedure_html"),
        (Call, "text", "text_html"),
        (AgendaItem, "description", "description_html"),
        (Minutes, "text", "text_html"),
    ],
    "projects": [
        (Project, "summary", "summary_html"),
        (Project, "goal", "goal_html"),
    ],
}
GENERATIONS = {
    "guidelines": ["guidelines"],
    "participation": ["pages", "board"],
    "projects": ["projects"],
}


def migrate(app: str) -> None:
    import_module(MIGRATIONS[app]).wrap_tables(apps, None)


def write_old_style(row, source: str, target: str, markdown: str, html: str) -> None:
    """As a row saved before: a Markdown source with the HTML rendered back then."""
    type(row).objects.filter(pk=row.pk).update(**{source: markdown, target: html})


def stored(row, target: str) -> str:
    return type(row).objects.values_list(target, flat=True).get(pk=row.pk)


@pytest.mark.parametrize("app", FIELDS)
def test_every_bare_table_is_rendered_again_in_its_region(app, committed):
    rows = ROWS[app]()
    for model, source, target in FIELDS[app]:
        write_old_style(rows[model], source, target, f"Vorher\n\n{TABLE}", OLD_TABLE)
    before = pagecache.current(GENERATIONS[app])

    committed(migrate, app)

    for model, _source, target in FIELDS[app]:
        html = stored(rows[model], target)
        assert html == render_markdown(f"Vorher\n\n{TABLE}"), f"{model.__name__}.{target}"
        assert WRAPPED in html
    after = pagecache.current(GENERATIONS[app])
    assert all(new != old for new, old in zip(after, before, strict=True))


@pytest.mark.parametrize("app", FIELDS)
def test_html_without_a_bare_table_is_not_rewritten(app, committed):
    """Sources that render differently from what is stored show that nothing is rendered."""
    rows = ROWS[app]()
    wrapped = f"{WRAPPED}>{OLD_TABLE}</div>"
    for index, (model, source, target) in enumerate(FIELDS[app]):
        html = wrapped if index % 2 else "<p>Alter Text ohne Tabelle</p>"
        write_old_style(rows[model], source, target, TABLE, html)
    before = {(model, target): stored(rows[model], target) for model, _s, target in FIELDS[app]}
    generations = pagecache.current(GENERATIONS[app])

    with CaptureQueriesContext(connection) as queries:
        committed(migrate, app)

    assert not [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assert {key: stored(rows[key[0]], key[1]) for key in before} == before
    assert pagecache.current(GENERATIONS[app]) == generations


def test_running_twice_changes_nothing_the_second_time():
    project = make_project(goal=TABLE)
    write_old_style(project, "goal", "goal_html", TABLE, OLD_TABLE)
    migrate("projects")
    first = stored(project, "goal_html")

    with CaptureQueriesContext(connection) as queries:
        migrate("projects")

    assert not [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assert stored(project, "goal_html") == first == render_markdown(TABLE)


def test_only_the_html_is_written_not_the_date_or_the_history():
    page = Page.objects.get(slug="impressum")
    write_old_style(page, "body", "body_html", TABLE, OLD_TABLE)
    project = make_project()
    write_old_style(project, "summary", "summary_html", TABLE, OLD_TABLE)
    updated_at = Page.objects.get(pk=page.pk).updated_at
    history = project.history.count()

    migrate("participation")
    migrate("projects")

    assert WRAPPED in stored(page, "body_html")
    assert Page.objects.get(pk=page.pk).updated_at == updated_at
    assert WRAPPED in stored(project, "summary_html")
    assert project.history.count() == history
