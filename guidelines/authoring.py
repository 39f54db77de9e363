"""Authoring guideline documents: import a version from Markdown, copy a version, renumber.

Staff paste or upload a whole text; headings become sections and blank-line separated
blocks become paragraphs. :func:`parse_text` only reads and :func:`plan_import` pairs the
paragraphs with those of an earlier version (:mod:`guidelines.pairing`), so the admin can
show a preview of exactly what :func:`import_version` will save, all or nothing.

The text keeps its own structure: a heading's number ("4.1 Verkehr") is stored apart
from its title and sets its level with the Markdown level (chapter, sub-section); a lone
first "# Title" with nothing under it is the title of the text, not an empty chapter; a
lead-in ending in ":" and the list after it stay one paragraph. Paragraphs are labelled
by their section's number and their position in it ("4.1-2"), else by their order.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from guidelines import invalidation
from guidelines.models import (
    Document,
    Paragraph,
    Section,
    Version,
    comparable_text,
    new_key,
    normalise_paragraph_text,
)
from guidelines.pairing import NewParagraph, OldParagraph, Pairing, PairingConflict, pair_paragraphs
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
# A heading's own number: "4", "4.1", "4.1.2." before its title (not a year like "2024").
_HEADING_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,4})\.?[ \t]+(\S.*)$")
MAX_LEVEL = 3
# C0 control characters other than tab, line feed, form feed and carriage return.
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f]")


class ImportRejected(ValidationError):
    """A text that cannot be imported; the message says why (and where)."""


@dataclass
class ParsedSection:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    line: int = 0  # 1-based line of the heading, 0 for the untitled first section
    number: str = ""  # the text's own number of the heading, e.g. "4.1"
    level: int = 1  # 1 chapter, 2 sub-section, 3 below that
    depth: int = 0  # the Markdown level of the heading (1 for "#"), 0 for the untitled one

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


@dataclass
class ParsedText:
    sections: list[ParsedSection]
    title: str = ""  # a lone first "# heading" without paragraphs of its own

    @property
    def paragraph_count(self) -> int:
        return sum(len(section.paragraphs) for section in self.sections)

    @property
    def has_headings(self) -> bool:
        return bool(self.title) or any(section.line for section in self.sections)


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
    """The sections of :func:`parse_text`."""
    return parse_text(text, untitled_section_title=untitled_section_title).sections


def parse_text(
    text: str, *, untitled_section_title: str = DEFAULT_UNTITLED_SECTION_TITLE
) -> ParsedText:
    """Split Markdown into sections (one per heading, any level) and paragraph blocks.

    Blocks are separated by blank lines; a list (also a loose one with blank lines between
    items), a table, a block quote or a code block stays one paragraph, and so does a
    lead-in ending in ":" with the list after it. Text before the first heading goes into
    a section called ``untitled_section_title``. Lines that only draw a horizontal rule
    are dropped: they separate, they are not something to comment on.
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
            previous = sections[-1].paragraphs
            if previous and _introduces(previous[-1]) and _LIST_ITEM.match(content):
                previous[-1] = f"{previous[-1]}\n\n{content}"
            else:
                previous.append(content)
        block = []

    def start_section(title: str, number: int, depth: int) -> None:
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
        sections.append(ParsedSection(title=title, line=number, depth=depth))

    def next_content_line(index: int) -> str | None:
        # By index: a slice per blank line would copy the rest of the text each time.
        for position in range(index + 1, len(lines)):
            if lines[position].strip():
                return lines[position]
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
            start_section(heading.group(2) or "", number, len(heading.group(1)))
            continue
        if block and _SETEXT_UNDERLINE.match(line) and all(map(_is_plain_line, block)):
            # "Title" underlined with === or --- (a --- under text is a heading, not a rule).
            title = " ".join(part.strip() for part in block)
            block = []
            start_section(title, block_line, 1 if line.strip().startswith("=") else 2)
            continue
        if not block:
            block_line = number
        block.append(line)
    flush()

    title_section = _title_of(sections)
    if title_section is not None:
        sections.remove(title_section)
    if not untitled.paragraphs:
        sections.remove(untitled)
    _structure(sections)
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
    return ParsedText(sections=sections, title=title_section.heading if title_section else "")


def _introduces(paragraph: str) -> bool:
    """A lead-in sentence ("Die Stadt verpflichtet sich:") rather than a list or table."""
    return paragraph.endswith(":") and _is_plain_line(paragraph.split("\n", 1)[0])


def _title_of(sections: list[ParsedSection]) -> ParsedSection | None:
    """The first heading, if it is the text's only "#" heading and stands alone on top."""
    untitled, headed = sections[0], sections[1:]
    if untitled.paragraphs or len(headed) < 2:
        return None
    first = headed[0]
    if first.depth != 1 or first.paragraphs or any(s.depth == 1 for s in headed[1:]):
        return None
    return first


def _structure(sections: list[ParsedSection]) -> None:
    """Split off each heading's number and give it a level from depth and numbering."""
    depths = [section.depth for section in sections if section.depth]
    top = min(depths, default=1)
    for section in sections:
        numbered = _HEADING_NUMBER.match(section.title)
        if numbered:
            section.number, section.title = numbered.group(1), numbered.group(2).strip()
        by_depth = section.depth - top + 1 if section.depth else 1
        by_number = section.number.count(".") + 1 if section.number else 1
        section.level = min(max(by_depth, by_number), MAX_LEVEL)


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


def paragraph_number(section_number: str, position: int, order: int) -> str:
    """ "4.1-2" for the 2nd paragraph of section 4.1; the order ("14") without a number."""
    return f"{section_number}-{position}" if section_number else str(order)


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
        for position, paragraph in enumerate(section_paragraphs, start=1):
            paragraph.section = section
            paragraph.version = version
            paragraph.order = len(paragraphs) + 1
            paragraph.number = paragraph_number(section.number, position, paragraph.order)
            # bulk_create does not call save(), which normalises and renders.
            paragraph.text = normalise_paragraph_text(paragraph.text)
            paragraph.text_html = render_markdown(paragraph.text)
            paragraphs.append(paragraph)
    Paragraph.objects.bulk_create(paragraphs, batch_size=500)


@dataclass
class ImportPlan:
    """What an import will save: the parsed text, each section's key and the pairing."""

    parsed: ParsedText
    section_keys: list[str]
    pairing: Pairing

    @property
    def total_change(self) -> bool:
        """Based on a version, yet not one paragraph was found again: the wrong base?"""
        return bool(self.pairing.removed) and not any(p.old for p in self.pairing.pairs)


def plan_import(
    parsed: ParsedText,
    based_on: Version | None,
    overrides: Mapping[int, str | None] | None = None,
) -> ImportPlan:
    """Pair sections (by title, else number) and paragraphs with those of ``based_on``.

    ``overrides`` are the pairings staff corrected in the preview (see
    :func:`guidelines.pairing.pair_paragraphs`). Two queries with ``based_on``, none without.
    """
    old_sections: list[tuple[str, str, str]] = []
    old: list[OldParagraph] = []
    if based_on is not None:
        old_sections = list(
            based_on.sections.order_by("order").values_list("title", "number", "key")
        )
        for paragraph in based_on.paragraphs.select_related("section").order_by("order"):
            old.append(
                OldParagraph(
                    key=paragraph.key,
                    text=paragraph.text,
                    section_key=paragraph.section.key,
                    label=paragraph.label,
                )
            )
    by_title: dict[str, list[str]] = {}
    by_number: dict[str, list[str]] = {}
    for title, number, key in old_sections:
        by_title.setdefault(comparable_text(title), []).append(key)
        if number:
            by_number.setdefault(number, []).append(key)
    used: set[str] = set()

    def take(candidates: list[str] | None) -> str | None:
        for key in candidates or []:
            if key not in used:
                used.add(key)
                return key
        return None

    section_keys = [
        take(by_title.get(comparable_text(section.title))) or "" for section in parsed.sections
    ]
    for index, section in enumerate(parsed.sections):
        if not section_keys[index]:
            section_keys[index] = (section.number and take(by_number.get(section.number))) or (
                new_key()
            )
    new: list[NewParagraph] = []
    for section, key in zip(parsed.sections, section_keys, strict=True):
        new.extend(NewParagraph(len(new), text, key) for text in section.paragraphs)
    try:
        pairing = pair_paragraphs(old, new, overrides=overrides)
    except PairingConflict as conflict:
        if conflict.code == "twice":
            message = _(
                "%(label)s of the earlier version was chosen for two paragraphs. "
                "A paragraph can continue only one."
            ) % {"label": conflict.label}
        else:
            message = _("The chosen paragraph does not belong to the earlier version.")
        raise ImportRejected(message, code="pairing") from None
    return ImportPlan(parsed=parsed, section_keys=section_keys, pairing=pairing)


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
    overrides: Mapping[int, str | None] | None = None,
) -> Version:
    """Create a version of ``document`` from Markdown; nothing is saved if the text is refused.

    With ``based_on`` (a version of the same document), sections and paragraphs found again
    keep their keys (see :func:`plan_import`), so comments stay traceable.
    """
    parsed = parse_text(text, untitled_section_title=untitled_section_title)
    label = _clean_label(label)
    if state not in Version.State.values:
        raise ImportRejected(_("Unknown state."), code="state")
    if based_on is not None and based_on.document_id != document.pk:
        raise ImportRejected(
            _("The earlier version must belong to the same document."), code="based_on"
        )
    plan = plan_import(parsed, based_on, overrides)
    version = Version.objects.create(
        document=document,
        label=label,
        state=state,
        introduction=introduction.replace("\x00", ""),
        based_on=based_on,
    )
    outline = []
    pairs = iter(plan.pairing.pairs)
    for order, (parsed_section, key) in enumerate(
        zip(parsed.sections, plan.section_keys, strict=True), start=1
    ):
        section = Section(
            version=version,
            order=order,
            title=parsed_section.title,
            number=parsed_section.number,
            level=parsed_section.level,
            key=key,
        )
        paragraphs = []
        for paragraph_text in parsed_section.paragraphs:
            pair = next(pairs)
            paragraphs.append(
                Paragraph(text=paragraph_text, key=pair.old.key if pair.old else new_key())
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
            Section(
                version=copy,
                order=section.order,
                title=section.title,
                number=section.number,
                level=section.level,
                key=section.key,
            ),
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
    so that "Abs. 12" always follows "Abs. 11" on the page, and their labels ("4.1-2")
    follow their position in the section.
    """
    section_rows = list(version.sections.values_list("pk", "order", "number"))
    section_number = {pk: number for pk, _order, number in section_rows}
    section_ids = _positions([(pk, order) for pk, order, _n in section_rows], set(moved_sections))
    section_rank = {pk: rank for rank, pk in enumerate(section_ids, start=1)}
    paragraph_rows = list(version.paragraphs.values_list("pk", "order", "section_id", "number"))
    paragraph_section = {pk: section_id for pk, _order, section_id, _n in paragraph_rows}
    paragraph_ids = _positions(
        [(pk, order) for pk, order, _section, _n in paragraph_rows], set(moved_paragraphs)
    )
    # sorted() is stable: within a section the positions computed above stay.
    paragraph_ids.sort(key=lambda pk: section_rank.get(paragraph_section[pk], 0))

    current_sections = {pk: order for pk, order, _n in section_rows}
    sections = [
        Section(pk=pk, order=rank)
        for pk, rank in section_rank.items()
        if current_sections[pk] != rank
    ]
    current = {pk: (order, number) for pk, order, _section, number in paragraph_rows}
    positions: dict[int, int] = {}
    paragraphs = []
    for rank, pk in enumerate(paragraph_ids, start=1):
        section_id = paragraph_section[pk]
        positions[section_id] = positions.get(section_id, 0) + 1
        number = paragraph_number(section_number[section_id], positions[section_id], rank)
        if current[pk] != (rank, number):
            paragraphs.append(Paragraph(pk=pk, order=rank, number=number))
    Section.objects.bulk_update(sections, ["order"], batch_size=500)
    Paragraph.objects.bulk_update(paragraphs, ["order", "number"], batch_size=500)
    invalidation.content_changed()  # bulk_update sends no signals
