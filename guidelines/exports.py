"""Comment exports of a version (CSV and XLSX) and the printable accountability report.

An export has one row per comment: chapter, paragraph, author, date, supports, moderation
state and the city's response ("Rückmeldung"). A single query reads every row through the
joins (``values_list`` + ``iterator``), so ten comments or ten thousand cost the same
queries, and the streamed CSV holds one chunk of rows in memory at a time.

Two audiences:

- public: what a paragraph thread shows – published, held and hidden comments, no pending
  ones; text and author blank where the thread shows a notice instead (hidden, held,
  withdrawn); responses only once the commented version is published;
- internal (staff with ``guidelines.view_comment``): every comment with its text and every
  response, published or not.

Spreadsheets run a cell that starts with = + - @ tab or CR as a formula ("CSV injection",
e.g. ``=HYPERLINK(...)`` in a comment): ``participation.spreadsheets.neutralise`` puts an
apostrophe before each formula start in CSV and XLSX alike, CSV quotes every field, and
XLSX cells holding text are always written as strings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO

from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from guidelines.changes import ParagraphChange
from guidelines.models import Comment, Disposition, Paragraph, Response, Section, Version
from participation.spreadsheets import csv_writer, neutralise

Value = str | int | datetime | date | None

EXCERPT_LENGTH = 200
CHUNK_SIZE = 2000  # rows per fetch from the database cursor
CSV_CHUNK_CHARS = 64 * 1024  # rows are sent in blocks of about this size
XLSX_MAX_CHARS = 32_767  # the most a spreadsheet cell can hold

_FIELDS = (
    "paragraph__section__title",
    "paragraph__order",
    "paragraph__key",
    "paragraph_id",
    "paragraph_start",
    "pk",
    "parent_id",
    "author_id",
    "author__display_name",
    "created_at",
    "text",
    "support_count",
    "state",
    "withdrawn_at",
    "response__disposition",
    "response__reasoning",
    "response__answered_by",
    "response__answered_on",
)
_WIDTHS = (24, 9, 12, 40, 11, 11, 22, 18, 60, 11, 22, 18, 22, 60, 30, 14)


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """The start of ``text`` on one line, at most ``length`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"


def column_headers() -> list[str]:
    return [
        pgettext("export column", "Chapter"),
        pgettext("export column", "Paragraph"),
        pgettext("export column", "Paragraph key"),
        pgettext("export column", "Paragraph text (excerpt)"),
        pgettext("export column", "Comment ID"),
        pgettext("export column", "Reply to comment ID"),
        pgettext("export column", "Author"),
        pgettext("export column", "Written"),
        pgettext("export column", "Comment"),
        pgettext("export column", "Supports"),
        pgettext("export column", "Moderation state"),
        pgettext("export column", "Withdrawn"),
        pgettext("export column", "Disposition"),
        pgettext("export column", "Reasoning (Markdown)"),
        pgettext("export column", "Answered by"),
        pgettext("export column", "Answered on"),
    ]


class CommentExport:
    """The rows of one version's comment export, for the public or for staff.

    Labels are translated when the export is made, in the request's language: the rows
    themselves are produced later, while the response streams.
    """

    def __init__(self, version: Version, *, internal: bool) -> None:
        self.version = version
        self.internal = internal
        self.headers = column_headers()
        self.responses_public = internal or version.responses_are_public
        self._states = {value: str(label) for value, label in Comment.State.choices}
        self._dispositions = {value: str(label) for value, label in Disposition.choices}
        self._deleted_account = _("deleted account")
        self._zone = timezone.get_current_timezone()
        self._filename_parts = [slugify(_("comments"))]
        if internal:
            self._filename_parts.append(slugify(_("internal")))

    def filename(self, extension: str) -> str:
        parts = [self.version.document.slug, str(self.version.pk), *self._filename_parts]
        return f"{'-'.join(parts)}.{extension}"

    def _local(self, moment: datetime | None) -> datetime | None:
        """Local wall-clock time to the second, without zone: spreadsheets know no zones."""
        if moment is None:
            return None
        return moment.astimezone(self._zone).replace(tzinfo=None, microsecond=0)

    def rows(self) -> Iterator[list[Value]]:
        comments = Comment.objects.filter(paragraph__version=self.version)
        if not self.internal:
            comments = comments.filter(state__in=Comment.PUBLICLY_LISTED)
        rows = (
            comments.annotate(paragraph_start=Substr("paragraph__text", 1, 2 * EXCERPT_LENGTH))
            .order_by("paragraph__order", "paragraph_id", "created_at", "pk")
            .values_list(*_FIELDS)
        )
        excerpts: dict[int, str] = {}
        published = Comment.State.PUBLISHED
        for (
            chapter,
            paragraph_order,
            paragraph_key,
            paragraph_id,
            paragraph_start,
            pk,
            parent_id,
            author_id,
            display_name,
            created_at,
            text,
            supports,
            state,
            withdrawn_at,
            disposition,
            reasoning,
            answered_by,
            answered_on,
        ) in rows.iterator(chunk_size=CHUNK_SIZE):
            if paragraph_id not in excerpts:
                excerpts[paragraph_id] = excerpt(paragraph_start)
            # The thread shows who wrote what only where it shows the words.
            shown = self.internal or (state == published and withdrawn_at is None)
            author = (display_name if author_id is not None else self._deleted_account) or ""
            answered = disposition is not None and self.responses_public
            yield [
                chapter,
                paragraph_order,
                paragraph_key,
                excerpts[paragraph_id],
                pk,
                parent_id,
                author if shown else None,
                self._local(created_at),
                text if shown else None,
                supports,
                self._states.get(state, state),
                self._local(withdrawn_at),
                self._dispositions.get(disposition, disposition) if answered else None,
                reasoning if answered else None,
                answered_by if answered else None,
                answered_on if answered else None,
            ]


# --- CSV --------------------------------------------------------------------------------


class _Echo:
    """A pseudo-buffer for csv.writer: ``write`` hands the formatted line back."""

    def write(self, value: str) -> str:
        return value


def csv_cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return neutralise(value.replace("\x00", ""))


def csv_chunks(export: CommentExport) -> Iterator[str]:
    """The CSV text in blocks: a byte order mark (so that Excel reads UTF-8), then the rows."""
    writer = csv_writer(_Echo())
    block = ["\ufeff", writer.writerow([csv_cell(h) for h in export.headers])]
    size = 0
    for row in export.rows():
        line = writer.writerow([csv_cell(value) for value in row])
        block.append(line)
        size += len(line)
        if size >= CSV_CHUNK_CHARS:
            yield "".join(block)
            block, size = [], 0
    yield "".join(block)


# --- XLSX -------------------------------------------------------------------------------


def _text_cell(sheet: WriteOnlyWorksheet, value: str, *, bold: bool = False) -> Cell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # whatever openpyxl guessed from the value
    if bold:
        cell.font = Font(bold=True)
    return cell


def _xlsx_value(sheet: WriteOnlyWorksheet, value: Value) -> Value | Cell:
    if not isinstance(value, str):
        return value
    text = neutralise(value)
    if ILLEGAL_CHARACTERS_RE.search(text):  # control characters a worksheet cannot hold
        text = ILLEGAL_CHARACTERS_RE.sub("", text)
    text = text[:XLSX_MAX_CHARS]
    # openpyxl stores a plain string starting with "=" as a formula and "#N/A" and the like
    # as error values: those get an explicit text cell. Plain strings for all others are
    # faster, as openpyxl reuses one cell object for them.
    if text.startswith("=") or text in ERROR_CODES:
        return _text_cell(sheet, text)
    return text


def write_xlsx(export: CommentExport, target: IO[bytes]) -> None:
    """Write the export as one worksheet; write-only mode keeps rows in a temporary file."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=pgettext("export sheet", "Comments")[:31])
    sheet.freeze_panes = "A2"
    for number, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.append([_text_cell(sheet, neutralise(h), bold=True) for h in export.headers])
    for row in export.rows():
        sheet.append([_xlsx_value(sheet, value) for value in row])
    workbook.save(target)


# --- the accountability report ----------------------------------------------------------


@dataclass
class ReportComment:
    comment: Comment
    shown: bool  # text and author are public
    response: Response | None
    replies: list[ReportComment] = field(default_factory=list)


@dataclass
class ReportParagraph:
    paragraph: Paragraph
    comments: list[ReportComment]  # top-level ones, replies nested
    count: int
    # The same-key paragraph of the latest later version: "what has changed" (None: removed).
    change: ParagraphChange | None = None


@dataclass
class ReportChapter:
    section: Section
    paragraphs: list[ReportParagraph]


@dataclass
class Figures:
    comments: int = 0
    replies: int = 0
    participants: int = 0
    supports: int = 0
    answered: int = 0
    to_answer: int = 0  # comments not withdrawn
    by_disposition: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class AccountabilityReport:
    version: Version
    chapters: list[ReportChapter]
    figures: Figures
    responses_public: bool
    successors: list[Version]


def accountability_report(version: Version) -> AccountabilityReport:
    """What the public may read of a consultation, chapter by chapter, with its numbers.

    Six queries, however many comments: sections, paragraphs, the listed comments with
    their authors and responses, the later public versions of the document and the
    paragraphs of the latest of them (for the diff).
    """
    responses_public = version.responses_are_public
    sections = list(version.sections.order_by("order", "pk"))
    paragraphs = list(Paragraph.objects.filter(version=version).order_by("order", "pk"))
    comments = list(
        Comment.objects.filter(paragraph__version=version, state__in=Comment.PUBLICLY_LISTED)
        .select_related("author", "response")
        .order_by("created_at", "pk")
    )
    successors = list(version.successors.public().order_by("created_at", "pk"))
    for successor in successors:
        successor.document = version.document
    later = {
        p.key: p
        for p in (
            Paragraph.objects.filter(version=successors[-1]).order_by("order") if successors else []
        )
    }

    figures = Figures()
    dispositions: Counter[str] = Counter()
    nodes: dict[int, ReportComment] = {}
    authors: set[int] = set()
    for comment in comments:
        response = getattr(comment, "response", None) if responses_public else None
        shown = comment.state == Comment.State.PUBLISHED and not comment.is_withdrawn
        nodes[comment.pk] = ReportComment(comment=comment, shown=shown, response=response)
        if comment.parent_id is None:
            figures.comments += 1
        else:
            figures.replies += 1
        if comment.author_id is not None:
            authors.add(comment.author_id)
        figures.supports += comment.support_count
        if not comment.is_withdrawn:
            figures.to_answer += 1
            if response is not None:
                figures.answered += 1
        if response is not None:
            dispositions[response.disposition] += 1
    figures.participants = len(authors)
    figures.by_disposition = [
        (str(label), dispositions[value]) for value, label in Disposition.choices
    ]

    top_level: dict[int, list[ReportComment]] = {p.pk: [] for p in paragraphs}
    counts: Counter[int] = Counter()
    for node in nodes.values():
        counts[node.comment.paragraph_id] += 1
        parent = nodes.get(node.comment.parent_id) if node.comment.parent_id else None
        if parent is not None:
            parent.replies.append(node)
        else:  # top-level, or a reply whose parent the public does not see
            top_level.setdefault(node.comment.paragraph_id, []).append(node)

    by_section: dict[int, list[ReportParagraph]] = {s.pk: [] for s in sections}
    for paragraph in paragraphs:
        paragraph.version = version  # get_absolute_url without a query
        change = ParagraphChange(paragraph, later.get(paragraph.key)) if successors else None
        by_section.setdefault(paragraph.section_id, []).append(
            ReportParagraph(paragraph, top_level[paragraph.pk], counts[paragraph.pk], change)
        )
    return AccountabilityReport(
        version=version,
        chapters=[ReportChapter(section, by_section[section.pk]) for section in sections],
        figures=figures,
        responses_public=responses_public,
        successors=successors,
    )
