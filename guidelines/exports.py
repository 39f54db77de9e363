"""Comment exports of a version (CSV and XLSX) and the printable accountability report.

An export has one row per comment, readable without the site: document, version,
chapter, paragraph label, author, date, supports, moderation state, the city's response
("Rückmeldung") with its reasoning as plain text, and the paragraphs of later versions the
response led to. Two queries read everything, however many comments: every row through
the joins (``values_list`` + ``iterator``), and the response → later paragraph links.
The streamed CSV holds one chunk of rows in memory at a time.

Two audiences:

- public: what a paragraph thread shows – published, held and hidden comments, no pending
  ones; text and author blank where the thread shows a notice instead (hidden, held,
  withdrawn); that a comment was hidden, not why; responses only once the commented
  version is published, and only links to public versions;
- internal (staff with ``guidelines.view_comment``): every comment with its text, the
  reason for hiding and the moderator's note, and every response, published or not.

Spreadsheets run a cell that starts with = + - @ tab or CR as a formula ("CSV injection",
e.g. ``=HYPERLINK(...)`` in a comment): ``participation.spreadsheets.neutralise`` puts an
apostrophe before each formula start in CSV and XLSX alike, CSV quotes every field, and
XLSX cells holding text are always written as strings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import IO, Any

from django.db.models import QuerySet
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

from guidelines.changes import ParagraphChange, base_version
from guidelines.models import (
    Comment,
    Disposition,
    HideReason,
    Paragraph,
    Response,
    Section,
    Version,
)
from participation.markdown import html_to_text
from participation.spreadsheets import csv_writer, neutralise

Value = str | int | datetime | date | None

EXCERPT_LENGTH = 200
CHUNK_SIZE = 2000  # rows per fetch from the database cursor
CSV_CHUNK_CHARS = 64 * 1024  # rows are sent in blocks of about this size
XLSX_MAX_CHARS = 32_767  # the most a spreadsheet cell can hold

_FIELDS = (
    "paragraph__section__number",
    "paragraph__section__title",
    "paragraph__number",
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
    "hidden_reason",
    "moderator_note",
    "withdrawn_at",
    "response__disposition",
    "response__reasoning_html",
    "response__answered_by",
    "response__answered_on",
    # The later paragraphs the response led to: one row each, merged into one cell.
    "response__result_paragraphs__version__label",
    "response__result_paragraphs__version__state",
    "response__result_paragraphs__number",
    "response__result_paragraphs__order",
)
_PK = _FIELDS.index("pk")
_RESULTS = 4  # the last four


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """The start of ``text`` on one line, at most ``length`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"


@lru_cache(maxsize=256)  # responses given in bulk share their reasoning
def _reasoning_text(html: str) -> str:
    return html_to_text(html, compact=True)


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    internal_only: bool = False


def columns(*, internal: bool) -> list[Column]:
    """The export's columns in the request's language; the internal one has two more."""
    every = [
        Column(pgettext("export column", "Document"), 30),
        Column(pgettext("export column", "Version"), 24),
        Column(pgettext("export column", "Chapter"), 24),
        Column(pgettext("export column", "Paragraph"), 11),
        Column(pgettext("export column", "Paragraph key"), 12),
        Column(pgettext("export column", "Paragraph text (excerpt)"), 40),
        Column(pgettext("export column", "Comment ID"), 11),
        Column(pgettext("export column", "Reply to comment ID"), 11),
        Column(pgettext("export column", "Author"), 22),
        Column(pgettext("export column", "Written"), 18),
        Column(pgettext("export column", "Comment"), 60),
        Column(pgettext("export column", "Supports"), 11),
        Column(pgettext("export column", "Moderation state"), 22),
        Column(pgettext("export column", "Reason for hiding"), 26, internal_only=True),
        Column(pgettext("export column", "Moderator note"), 40, internal_only=True),
        Column(pgettext("export column", "Withdrawn"), 18),
        Column(pgettext("export column", "Disposition"), 22),
        Column(pgettext("export column", "Reasoning"), 60),
        Column(pgettext("export column", "Answered by"), 30),
        Column(pgettext("export column", "Answered on"), 14),
        Column(pgettext("export column", "Led to (later version)"), 30),
    ]
    return [column for column in every if internal or not column.internal_only]


def column_headers(*, internal: bool = False) -> list[str]:
    return [column.header for column in columns(internal=internal)]


def _paragraph_label(number: str, order: int) -> str:
    return Paragraph(number=number, order=order).label


def exported_comments(version: Version, *, internal: bool) -> QuerySet[Comment]:
    """The comments an export (or, public, the report) of ``version`` lists."""
    comments = Comment.objects.filter(paragraph__version=version)
    if not internal:
        comments = comments.filter(state__in=Comment.PUBLICLY_LISTED)
    return comments


def consultation_before(version: Version) -> Version | None:
    """The public version whose consultation led to ``version``, if ``version`` is adopted.

    An adopted version is a copy of the consulted one with the council's changes and has no
    comments of its own: its report and exports are that consultation's. Which version
    that is follows the comparison on the version page (``changes.base_version``):
    ``based_on``, else the last consulted one before it. One query.
    """
    if version.state != Version.State.ADOPTED:
        return None
    candidates = list(Version.objects.public().filter(document_id=version.document_id))
    earlier = base_version(version, candidates, preview=lambda: False)
    if earlier is None or (earlier.created_at, earlier.pk) >= (version.created_at, version.pk):
        return None  # never back and forth between two versions
    return earlier


class CommentExport:
    """The rows of one version's comment export, for the public or for staff.

    Labels are translated when the export is made, in the request's language: the rows
    themselves are produced later, while the response streams.
    """

    def __init__(self, version: Version, *, internal: bool) -> None:
        self.version = version
        self.internal = internal
        self.columns = columns(internal=internal)
        self.headers = [column.header for column in self.columns]
        self.responses_public = internal or version.responses_are_public
        self._states = {value: str(label) for value, label in Comment.State.choices}
        self._dispositions = {value: str(label) for value, label in Disposition.choices}
        self._reasons = {value: str(label) for value, label in HideReason.choices}
        self._deleted_account = _("deleted account")
        self._zone = timezone.get_current_timezone()
        self._filename_parts = [slugify(_("comments"))]
        if internal:
            self._filename_parts.append(slugify(_("internal")))
        # Per paragraph: chapter heading, label and excerpt (rows come paragraph by paragraph).
        self._paragraphs: dict[int, tuple[str, str, str]] = {}

    def has_rows(self) -> bool:
        """Whether the file would have a row (one small query; the rows themselves are
        read only while the file is sent, so an unread response holds no cursor)."""
        return exported_comments(self.version, internal=self.internal).exists()

    def filename(self, extension: str) -> str:
        parts = [self.version.document.slug, str(self.version.pk), *self._filename_parts]
        return f"{'-'.join(parts)}.{extension}"

    def _local(self, moment: datetime | None) -> datetime | None:
        """Local wall-clock time to the second, without zone: spreadsheets know no zones."""
        if moment is None:
            return None
        return moment.astimezone(self._zone).replace(tzinfo=None, microsecond=0)

    def rows(self) -> Iterator[list[Value]]:
        """One row per comment; the query runs when the first row is asked for."""
        records = (
            exported_comments(self.version, internal=self.internal)
            .annotate(paragraph_start=Substr("paragraph__text", 1, 2 * EXCERPT_LENGTH))
            .order_by(
                "paragraph__order",
                "paragraph_id",
                "created_at",
                "pk",
                "response__result_paragraphs__version__created_at",
                "response__result_paragraphs__order",
            )
            .values_list(*_FIELDS)
        )
        row: list[Value] = []  # the comment being read, without "led to"
        results: list[str] = []
        answered, current = False, None
        for record in records.iterator(chunk_size=CHUNK_SIZE):
            if record[_PK] != current:  # a comment's first (or only) record
                if row:
                    yield [*row, "; ".join(results) if answered and results else None]
                (row, answered), results, current = self._row(record[:-_RESULTS]), [], record[_PK]
            version, state, number, order = record[-_RESULTS:]
            if order is not None and (self.internal or state != Version.State.DRAFT):
                results.append(f"{version}, {_paragraph_label(number, order)}")
        if row:
            yield [*row, "; ".join(results) if answered and results else None]

    def _row(self, fields: tuple[Any, ...]) -> tuple[list[Value], bool]:
        """The comment's row up to its response, and whether the response is shown."""
        (
            section_number,
            section_title,
            paragraph_number,
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
            hidden_reason,
            moderator_note,
            withdrawn_at,
            disposition,
            reasoning_html,
            answered_by,
            answered_on,
        ) = fields
        if paragraph_id not in self._paragraphs:
            self._paragraphs[paragraph_id] = (
                Section(number=section_number, title=section_title).heading,
                _paragraph_label(paragraph_number, paragraph_order),
                excerpt(paragraph_start),
            )
        chapter, label, paragraph_excerpt = self._paragraphs[paragraph_id]
        # The thread shows who wrote what only where it shows the words.
        shown = self.internal or (state == Comment.State.PUBLISHED and withdrawn_at is None)
        author = (display_name if author_id is not None else self._deleted_account) or ""
        answered = disposition is not None and self.responses_public
        row: list[Value] = [
            self.version.document.title,
            self.version.label,
            chapter,
            label,
            paragraph_key,
            paragraph_excerpt,
            pk,
            parent_id,
            author if shown else None,
            self._local(created_at),
            text if shown else None,
            supports,
            self._states.get(state, state),
        ]
        if self.internal:
            row += [self._reasons.get(hidden_reason) if hidden_reason else None, moderator_note]
        row += [
            self._local(withdrawn_at),
            self._dispositions.get(disposition, disposition) if answered else None,
            _reasoning_text(reasoning_html) if answered else None,
            answered_by if answered else None,
            answered_on if answered else None,
        ]
        return row, answered


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


def csv_chunks(export: CommentExport, rows: Iterable[list[Value]] | None = None) -> Iterator[str]:
    """The CSV text in blocks: a byte order mark (so that Excel reads UTF-8), then the rows
    (``export.rows()`` unless given)."""
    writer = csv_writer(_Echo())
    block = ["\ufeff", writer.writerow([csv_cell(h) for h in export.headers])]
    size = 0
    for row in export.rows() if rows is None else rows:
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


def write_xlsx(
    export: CommentExport, target: IO[bytes], rows: Iterable[list[Value]] | None = None
) -> None:
    """Write the export as one worksheet; write-only mode keeps rows in a temporary file."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=pgettext("export sheet", "Comments")[:31])
    sheet.freeze_panes = "A2"
    for number, column in enumerate(export.columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    sheet.append([_text_cell(sheet, neutralise(h), bold=True) for h in export.headers])
    for row in export.rows() if rows is None else rows:
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
    comments: int = 0  # comments and replies the public can see
    to_answer: int = 0  # of them, those that need a response
    answered: int = 0  # and have one

    @property
    def first(self) -> Paragraph | None:
        return self.paragraphs[0].paragraph if self.paragraphs else None

    @property
    def last(self) -> Paragraph | None:
        return self.paragraphs[-1].paragraph if self.paragraphs else None


@dataclass
class Figures:
    comments: int = 0
    replies: int = 0
    participants: int = 0
    supports: int = 0
    answered: int = 0
    to_answer: int = 0  # comments and replies that need a response (Comment.needs_response)
    by_disposition: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class AccountabilityReport:
    version: Version
    chapters: list[ReportChapter]
    figures: Figures
    responses_public: bool
    successors: list[Version]

    @property
    def empty(self) -> bool:
        return not (self.figures.comments or self.figures.replies)


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
    to_answer: Counter[int] = Counter()  # per paragraph
    answered: Counter[int] = Counter()
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
        if comment.needs_response:
            to_answer[comment.paragraph_id] += 1
            if response is not None:
                answered[comment.paragraph_id] += 1
        if response is not None:
            dispositions[response.disposition] += 1
    figures.participants = len(authors)
    figures.to_answer, figures.answered = sum(to_answer.values()), sum(answered.values())
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
    chapters = [ReportChapter(section, by_section[section.pk]) for section in sections]
    for chapter in chapters:
        keys = [item.paragraph.pk for item in chapter.paragraphs]
        chapter.comments = sum(counts[key] for key in keys)
        chapter.to_answer = sum(to_answer[key] for key in keys)
        chapter.answered = sum(answered[key] for key in keys)
    return AccountabilityReport(
        version=version,
        chapters=chapters,
        figures=figures,
        responses_public=responses_public,
        successors=successors,
    )
