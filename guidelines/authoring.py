"""Authoring guideline documents: import a version from Markdown, copy a version, renumber.

Staff paste or upload a whole text; headings become sections and blank-line separated
blocks become paragraphs. :func:`parse_markdown_outline` only reads, so the admin can
show a preview; :func:`import_version` saves everything or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from guidelines import invalidation
from guidelines.models import Document, Paragraph, Section, Version, new_key
from participation.markdown import render_markdown

MAX_HEADING_LENGTH = 300  # Section.title
MAX_PARAGRAPH_LENGTH = 20_000
MAX_PARAGRAPHS = 2_000
MAX_SECTIONS = 2_000
MAX_LABEL_LENGTH = 120  # Version.label
DEFAULT_UNTITLED_SECTION_TITLE = "Einleitung"

_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_THEMATIC_BREAK = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
_INDENTED = re.compile(r"^(?: {4}|\t)")
_CONTINUATION = re.compile(r"^[ \t]+\S")
# C0 control characters other than tab, line feed, form feed and carriage return.
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f]")


class ImportRejected(ValidationError):
    """A text that cannot be imported; the message says why (and where)."""


@dataclass
class ParsedSection:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    line: int = 0  # 1-based line of the heading, 0 for the untitled first section


def decode_upload(data: bytes) -> str:
    """Decode an uploaded text file as UTF-8 (with or without BOM); refuse anything else."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected(
            _(
                "The file is not a text file in UTF-8. Please save it as UTF-8 text "
                "(.md or .txt) and upload it again."
            ),
            code="encoding",
        ) from None
    # A few stray NUL bytes are stripped later; a file full of them or of other control
    # characters is binary data that happens to be valid UTF-8.
    suspicious = text.count("\x00") + len(_CONTROL.findall(text))
    if suspicious and suspicious * 100 > len(text):
        raise ImportRejected(
            _("The file looks like binary data, not like text. Please upload a .md or .txt file."),
            code="binary",
        )
    return text


def normalise_text(text: str) -> str:
    return text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def parse_markdown_outline(
    text: str, *, untitled_section_title: str = DEFAULT_UNTITLED_SECTION_TITLE
) -> list[ParsedSection]:
    """Split Markdown into sections (one per heading, any level) and paragraph blocks.

    Blocks are separated by blank lines; a list (also a loose one with blank lines between
    items), a table, a block quote or a code block stays one paragraph. Text before the
    first heading goes into a section called ``untitled_section_title``. Lines that only
    draw a horizontal rule are dropped: they separate, they are not something to comment on.
    """
    lines = normalise_text(text).split("\n")
    if not any(line.strip() for line in lines):
        raise ImportRejected(_("The text is empty."), code="empty")

    untitled = ParsedSection(title=untitled_section_title.replace("\x00", "").strip())
    sections: list[ParsedSection] = [untitled]
    block: list[str] = []
    block_line = 0
    fence: str | None = None

    def flush() -> None:
        nonlocal block
        content = "\n".join(block).strip("\n").rstrip()
        if content and not all(_THEMATIC_BREAK.match(line) for line in block if line.strip()):
            if len(content) > MAX_PARAGRAPH_LENGTH:
                raise ImportRejected(
                    _(
                        "The paragraph starting on line %(line)s has %(length)s characters; "
                        "a paragraph can have at most %(max)s. Please split it with a blank line."
                    )
                    % {"line": block_line, "length": len(content), "max": MAX_PARAGRAPH_LENGTH},
                    code="paragraph_too_long",
                )
            sections[-1].paragraphs.append(content)
        block = []

    def start_section(title: str, number: int) -> None:
        title = title.strip()
        if not title:
            raise ImportRejected(
                _("Line %(line)s: a heading needs a text.") % {"line": number},
                code="empty_heading",
            )
        if len(title) > MAX_HEADING_LENGTH:
            raise ImportRejected(
                _(
                    "Line %(line)s: a heading can have at most %(max)s characters; "
                    "this one has %(length)s."
                )
                % {"line": number, "max": MAX_HEADING_LENGTH, "length": len(title)},
                code="heading_too_long",
            )
        if len(sections) - 1 >= MAX_SECTIONS:  # the first one is the untitled section
            raise ImportRejected(
                _("A version can have at most %(max)s sections.") % {"max": MAX_SECTIONS},
                code="too_many_sections",
            )
        sections.append(ParsedSection(title=title, line=number))

    def next_content_line(index: int) -> str | None:
        for candidate in lines[index + 1 :]:
            if candidate.strip():
                return candidate
        return None

    for index, line in enumerate(lines):
        number = index + 1
        if fence is not None:
            block.append(line)
            if line.strip().startswith(fence):
                fence = None
            continue
        opening = _FENCE.match(line)
        if opening:
            if not block:
                block_line = number
            block.append(line)
            fence = opening.group(1)
            continue
        if not line.strip():
            if block and _continues_after_blank(block, next_content_line(index)):
                block.append(line)
            else:
                flush()
            continue
        heading = _ATX_HEADING.match(line)
        if heading:
            flush()
            start_section(heading.group(2) or "", number)
            continue
        if block and _SETEXT_UNDERLINE.match(line) and all(map(_is_plain_line, block)):
            # "Title" underlined with === or --- (a --- under text is a heading, not a rule).
            title = " ".join(part.strip() for part in block)
            block = []
            start_section(title, block_line)
            continue
        if not block:
            block_line = number
        block.append(line)
    flush()

    if not untitled.paragraphs:
        sections.remove(untitled)
    paragraph_count = sum(len(section.paragraphs) for section in sections)
    if paragraph_count == 0:
        raise ImportRejected(
            _("The text has headings but no paragraphs to comment on."), code="no_paragraphs"
        )
    if paragraph_count > MAX_PARAGRAPHS:
        raise ImportRejected(
            _("A version can have at most %(max)s paragraphs; this text has %(count)s.")
            % {"max": MAX_PARAGRAPHS, "count": paragraph_count},
            code="too_many_paragraphs",
        )
    return sections


def _is_plain_line(line: str) -> bool:
    return not (
        _LIST_ITEM.match(line)
        or line.lstrip().startswith((">", "|"))
        or _INDENTED.match(line)
        or _THEMATIC_BREAK.match(line)
        or _FENCE.match(line)
    )


def _continues_after_blank(block: list[str], following: str | None) -> bool:
    """Whether a blank line inside ``block`` belongs to it (loose lists, indented code)."""
    if following is None:
        return False
    if _LIST_ITEM.match(block[0]):
        return bool(_LIST_ITEM.match(following) or _CONTINUATION.match(following))
    if all(_INDENTED.match(line) or not line.strip() for line in block):
        return bool(_INDENTED.match(following))
    return False


def _clean_label(label: str) -> str:
    cleaned = label.replace("\x00", "").strip()
    if not cleaned:
        raise ImportRejected(_("Please give the version a label."), code="label")
    if len(cleaned) > MAX_LABEL_LENGTH:
        raise ImportRejected(
            _("A label can have at most %(max)s characters.") % {"max": MAX_LABEL_LENGTH},
            code="label",
        )
    return cleaned


def _save_outline(
    *, version: Version, sections: Iterable[tuple[Section, Iterable[Paragraph]]]
) -> None:
    """Insert sections and their paragraphs in bulk, numbering paragraphs 1..n."""
    pairs = list(sections)
    Section.objects.bulk_create([section for section, _paragraphs in pairs], batch_size=500)
    if any(section.pk is None for section, _paragraphs in pairs):
        # Databases without INSERT … RETURNING: look the new ids up by key.
        ids = dict(Section.objects.filter(version=version).values_list("key", "pk"))
        for section, _paragraphs in pairs:
            section.pk = ids[section.key]
    paragraphs: list[Paragraph] = []
    for section, section_paragraphs in pairs:
        for paragraph in section_paragraphs:
            paragraph.section = section
            paragraph.version = version
            paragraph.order = len(paragraphs) + 1
            # bulk_create does not call save(), which renders the cached HTML.
            paragraph.text_html = render_markdown(paragraph.text)
            paragraphs.append(paragraph)
    Paragraph.objects.bulk_create(paragraphs, batch_size=500)


def _reused_keys(based_on: Version | None) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Keys of ``based_on`` by section title and by paragraph text, for unchanged content."""
    sections: dict[str, list[str]] = {}
    paragraphs: dict[str, list[str]] = {}
    if based_on is not None:
        for title, key in based_on.sections.order_by("order").values_list("title", "key"):
            sections.setdefault(title, []).append(key)
        for text, key in based_on.paragraphs.order_by("order").values_list("text", "key"):
            paragraphs.setdefault(text.strip(), []).append(key)
    return sections, paragraphs


@transaction.atomic
def import_version(
    *,
    document: Document,
    label: str,
    text: str,
    state: str = Version.State.DRAFT,
    untitled_section_title: str = DEFAULT_UNTITLED_SECTION_TITLE,
    introduction: str = "",
    based_on: Version | None = None,
) -> Version:
    """Create a version of ``document`` from Markdown; nothing is saved if the text is refused.

    With ``based_on`` (a version of the same document), sections with an unchanged title and
    paragraphs with an unchanged text keep their keys, so comments stay traceable.
    """
    parsed = parse_markdown_outline(text, untitled_section_title=untitled_section_title)
    label = _clean_label(label)
    if state not in Version.State.values:
        raise ImportRejected(_("Unknown state."), code="state")
    if based_on is not None and based_on.document_id != document.pk:
        raise ImportRejected(
            _("The earlier version must belong to the same document."), code="based_on"
        )
    section_keys, paragraph_keys = _reused_keys(based_on)
    version = Version.objects.create(
        document=document,
        label=label,
        state=state,
        introduction=introduction.replace("\x00", ""),
        based_on=based_on,
    )
    outline = []
    for order, parsed_section in enumerate(parsed, start=1):
        known = section_keys.get(parsed_section.title)
        section = Section(
            version=version,
            order=order,
            title=parsed_section.title,
            key=known.pop(0) if known else new_key(),
        )
        paragraphs = []
        for paragraph_text in parsed_section.paragraphs:
            known = paragraph_keys.get(paragraph_text.strip())
            paragraphs.append(
                Paragraph(text=paragraph_text, key=known.pop(0) if known else new_key())
            )
        outline.append((section, paragraphs))
    _save_outline(version=version, sections=outline)
    return version


@transaction.atomic
def copy_version(*, version: Version, label: str) -> Version:
    """Start a new draft from ``version``: same sections and paragraphs, with the same keys.

    The keys are what traces a comment on the draft to the paragraph in later versions.
    Comments, the comment period and the council decision are not copied.
    """
    label = _clean_label(label)
    copy = Version.objects.create(
        document=version.document,
        label=label,
        state=Version.State.DRAFT,
        introduction=version.introduction,
        premoderation=version.premoderation,
        report_threshold=version.report_threshold,
        based_on=version,
    )
    paragraphs_by_section: dict[int, list[Paragraph]] = {}
    for paragraph in version.paragraphs.order_by("order", "pk"):
        paragraphs_by_section.setdefault(paragraph.section_id, []).append(
            Paragraph(text=paragraph.text, key=paragraph.key)
        )
    outline = [
        (
            Section(version=copy, order=section.order, title=section.title, key=section.key),
            paragraphs_by_section.get(section.pk, []),
        )
        for section in version.sections.order_by("order", "pk")
    ]
    _save_outline(version=copy, sections=outline)
    return copy


def _positions(items: list[tuple[int, int]], moved: Collection[int]) -> list[int]:
    """Order ids so that each moved one lands on the position typed for it.

    ``items`` are (id, order) pairs; rows that were not moved keep their relative order.
    """
    staying = sorted(((order, pk) for pk, order in items if pk not in moved))
    result = [pk for _order, pk in staying]
    for order, pk in sorted((order, pk) for pk, order in items if pk in moved):
        result.insert(max(order - 1, 0), pk)
    return result


@transaction.atomic
def renumber(
    *,
    version: Version,
    moved_sections: Collection[int] = (),
    moved_paragraphs: Collection[int] = (),
) -> None:
    """Number sections and paragraphs 1..n after staff edited order numbers.

    An order number typed for a row is the position it moves to; the others close up
    around it. Paragraphs are numbered through the version in the order of their sections,
    so that "§ 12" always follows "§ 11" on the page.
    """
    section_rows = list(version.sections.values_list("pk", "order"))
    section_ids = _positions(section_rows, set(moved_sections))
    section_rank = {pk: rank for rank, pk in enumerate(section_ids, start=1)}
    paragraph_rows = list(version.paragraphs.values_list("pk", "order", "section_id"))
    paragraph_section = {pk: section_id for pk, _order, section_id in paragraph_rows}
    paragraph_ids = _positions(
        [(pk, order) for pk, order, _section in paragraph_rows], set(moved_paragraphs)
    )
    # sorted() is stable: within a section the positions computed above stay.
    paragraph_ids.sort(key=lambda pk: section_rank.get(paragraph_section[pk], 0))

    current_sections = dict(section_rows)
    sections = [
        Section(pk=pk, order=rank)
        for pk, rank in section_rank.items()
        if current_sections[pk] != rank
    ]
    current_paragraphs = {pk: order for pk, order, _section in paragraph_rows}
    paragraphs = [
        Paragraph(pk=pk, order=rank)
        for rank, pk in enumerate(paragraph_ids, start=1)
        if current_paragraphs[pk] != rank
    ]
    Section.objects.bulk_update(sections, ["order"], batch_size=500)
    Paragraph.objects.bulk_update(paragraphs, ["order"], batch_size=500)
    invalidation.content_changed()  # bulk_update sends no signals
