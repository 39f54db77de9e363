"""The Nu Html Checker (vnu.jar) finds no error on a page of every kind (#14 item 9).

The pages are loaded in Chromium; the ``page`` fixture saves each document the live server
sends (tests/browser/conftest.py) into this module's own directory, and .ci/check_html.py
checks them, as it checks everything the whole browser suite saved in CI. Needs Java and
the vnu.jar of .ci/vnu (``npm ci --prefix .ci/vnu --ignore-scripts``).
"""

import importlib.util
from datetime import timedelta
from pathlib import Path
from types import ModuleType

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from guidelines.models import Paragraph, Response, Version
from participation.models import User
from tests.browser.conftest import BROWSER, HTML_INDEX, login, wait_for_saved_html
from tests.conftest import need
from tests.guidelines.factories import first_paragraph, make_comment, make_version
from tests.participation.board.factories import make_agenda_item, make_board, make_meeting
from tests.projects.factories import make_milestone, make_project

pytestmark = BROWSER


def _load_checker() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / ".ci" / "check_html.py"
    spec = importlib.util.spec_from_file_location("check_html", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


checker = _load_checker()


@pytest.fixture(autouse=True)
def _checker_installed() -> None:
    need(
        checker.java() is not None and checker.vnu_jar().exists(),
        f"the Nu Html Checker needs java and {checker.vnu_jar()}"
        " (npm ci --prefix .ci/vnu --ignore-scripts)",
    )


@pytest.fixture
def html_check_dir(tmp_path: Path) -> Path:
    """This module's tests always save their pages (overrides conftest's fixture)."""
    return tmp_path / "html"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def paragraph(resident: User, other_resident: User) -> Paragraph:
    """§ 1 of a version in consultation: a comment with a reply and the city's response."""
    paragraph = first_paragraph(make_version())
    root = make_comment(
        paragraph,
        other_resident,
        "Vier Wochen sind zu kurz.",
        created_at=timezone.now() - timedelta(hours=2, microseconds=123456),
    )
    make_comment(paragraph, resident, "Sechs Wochen wären besser.", parent=root)
    Response.objects.create(
        comment=root, disposition="noted", reasoning="Wir prüfen das.", answered_by="Stadt"
    )
    return paragraph


def visit(page: Page, path: str, *, status: int = 200) -> str:
    """Load ``path``; what the index of saved documents says about it."""
    response = page.goto(path)
    assert response is not None
    assert response.status == status, f"{path}: {response.status}"
    # Before the next navigation: once the page is left, its body can no longer be read.
    wait_for_saved_html(page)
    return f"GET {status} {path}"


def assert_valid(page: Page, directory: Path, visited: list[str], capsys) -> None:
    """Every visited page was saved, and the checker finds no error in any."""
    wait_for_saved_html(page)
    status = checker.report(directory)
    output = capsys.readouterr().out
    assert set(visited) <= set(checker.pages(directory).values())
    assert status == 0, output


def test_public_pages_are_valid_html(page: Page, html_check_dir, paragraph, capsys):
    version = paragraph.version
    adopted = make_version(
        document=version.document,
        state=Version.State.ADOPTED,
        label="Beschlossene Fassung",
        based_on=version,
        decision_body="Stadtrat",
        decision_date=timezone.localdate(),
    )
    project = make_project("Grünflächenkonzept", summary="Ein **Konzept** für alle Parks.")
    make_milestone(project, title="Auftaktwerkstatt", done=True)
    board = make_board(slug="beirat")
    meeting = make_meeting(board, starts_at=timezone.now() + timedelta(days=3, microseconds=5))
    make_agenda_item(meeting, title="Evaluation der Leitlinien")
    internal_export = reverse(
        "guidelines:export_internal_csv", kwargs={"slug": version.document.slug, "pk": version.pk}
    )

    visited = [
        visit(page, "/"),
        visit(page, "/leitlinien/"),
        visit(page, version.get_absolute_url()),
        visit(page, adopted.get_absolute_url()),
        visit(page, paragraph.get_absolute_url()),
        visit(page, "/konto/login/"),
        visit(page, "/vorhaben/"),
        visit(page, project.get_absolute_url()),
        visit(page, board.get_absolute_url()),
        visit(page, meeting.get_absolute_url()),
        visit(page, "/gibt-es-nicht/", status=404),
        visit(page, internal_export, status=403),
    ]

    assert_valid(page, html_check_dir, visited, capsys)


def test_resident_pages_and_a_form_with_errors_are_valid_html(
    page: Page, live_server, html_check_dir, paragraph, resident, capsys
):
    login(page, live_server, resident)
    comment_form = reverse(
        "guidelines:comment",
        kwargs={"slug": paragraph.version.document.slug, "pk": paragraph.version_id, "key": "p001"},
    )
    visited = [
        visit(page, "/konto/mein-konto/"),
        visit(page, paragraph.get_absolute_url()),
        visit(page, comment_form),
    ]
    page.fill("#comment-text", "   \n  ")
    with page.expect_navigation() as navigation:
        page.locator("main form.comment-form button[type=submit]").click()
    assert navigation.value is not None
    assert navigation.value.status == 400
    expect(page.locator("#form-errors")).to_be_visible()

    assert_valid(page, html_check_dir, [*visited, f"POST 400 {comment_form}"], capsys)


def test_admin_forms_with_inlines_and_the_password_summary_are_valid_html(
    page: Page, live_server, html_check_dir, paragraph, admin_user, capsys
):
    login(page, live_server, admin_user)

    visited = [
        visit(page, f"/admin/guidelines/version/{paragraph.version_id}/change/"),
        visit(page, f"/admin/participation/user/{admin_user.pk}/change/"),
    ]

    assert_valid(page, html_check_dir, visited, capsys)


def test_checker_names_the_page_of_each_error(tmp_path: Path, capsys):
    (tmp_path / "a.html").write_text(
        '<!DOCTYPE html><html lang="de"><head><title>Kaputt</title></head><body>'
        '<time datetime="2026-12-06T09:00:00.123456+01:00">6. Dezember</time>'
        '<input type="hidden" name="next" aria-label="Weiter"></body></html>'
    )
    (tmp_path / HTML_INDEX).write_text("a.html\tPOST\t400\thttp://localhost:8081/kaputt/?x=1\n")

    status = checker.report(tmp_path)

    output = capsys.readouterr().out
    assert status == 1
    assert "POST 400 /kaputt/?x=1\n" in output
    assert "A fraction of a second must be one, two, or three digits" in output
    assert "must not have any “aria-*” attributes" in output
    assert "2 error(s) in 1 of 1 documents" in output


def test_checker_refuses_an_empty_directory(tmp_path: Path, capsys):
    assert checker.report(tmp_path) == 2
    assert "no saved documents" in capsys.readouterr().out
