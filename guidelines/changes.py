"""What changed between two versions of a document, paragraph by paragraph.

Paragraphs are matched by their stable key, which a paragraph keeps from the draft to the
adopted text. Not a view module: the comparison page (``guidelines.views.comparison``)
shows any two versions of a document; the version page uses :func:`version_changes` to
show, under each paragraph of an adopted version, the diff against the consulted draft
and the comments whose responses led to it.

Both need a fixed number of queries, however many paragraphs or comments there are:
the paragraphs of each version in one query, the linked comments in one more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal
from urllib.parse import urlencode

from django.db.models import Count, F, Window
from django.db.models.functions import Least, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from guidelines.diff import DiffOp, diff_texts, has_changes, render_ops
from guidelines.models import (
    Comment,
    Disposition,
    Document,
    Paragraph,
    Response,
    Version,
    comparable_text,
    normalise_paragraph_text,
)

Status = Literal["changed", "added", "removed", "unchanged"]

# Versions whose text was put to the public: what an adopted version is compared with
# when nobody recorded which version it is based on.
CONSULTED = (Version.State.CONSULTATION, Version.State.CLOSED)


@dataclass
class ParagraphChange:
    """One paragraph key across two versions; ``old`` or ``new`` is missing if added/removed."""

    old: Paragraph | None
    new: Paragraph | None
    links: CommentLinks | None = None

    @cached_property
    def ops(self) -> list[DiffOp]:
        old = normalise_paragraph_text(self.old.text) if self.old else ""
        new = normalise_paragraph_text(self.new.text) if self.new else ""
        if old and new and comparable_text(old) == comparable_text(new):
            return [DiffOp("equal", new)]  # only whitespace or line endings differ
        return diff_texts(old, new)

    @cached_property
    def status(self) -> Status:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed" if has_changes(self.ops) else "unchanged"

    @property
    def html(self) -> SafeString:
        return render_ops(self.ops)

    @property
    def paragraph(self) -> Paragraph:
        paragraph = self.new or self.old
        assert paragraph is not None
        return paragraph


def align(old: list[Paragraph], new: list[Paragraph]) -> list[ParagraphChange]:
    """Every key of both versions once, in reading order; removed ones where they stood.

    Keys present in both are placed where they are in the new version (a moved paragraph
    appears once, at its new place); keys only in the old version stay after the paragraph
    they followed there.
    """
    old_by_key = {paragraph.key: paragraph for paragraph in old}
    new_keys = {paragraph.key for paragraph in new}
    matcher = SequenceMatcher(None, [p.key for p in old], [p.key for p in new], autojunk=False)
    changes: list[ParagraphChange] = []
    for _tag, i1, i2, j1, j2 in matcher.get_opcodes():
        changes.extend(ParagraphChange(p, None) for p in old[i1:i2] if p.key not in new_keys)
        changes.extend(ParagraphChange(old_by_key.get(p.key), p) for p in new[j1:j2])
    return changes


# --- the version page ------------------------------------------------------------------------


@dataclass
class VersionChanges:
    """What the version page shows about an adopted version (or any with ``based_on``)."""

    base: Version | None
    by_paragraph: dict[int, ParagraphChange]
    removed: list[ParagraphChange]
    compare_url: str

    def count(self, status: Status) -> int:
        changes = [*self.by_paragraph.values(), *self.removed]
        return sum(1 for change in changes if change.status == status)

    @property
    def changed(self) -> int:
        return self.count("changed")

    @property
    def added(self) -> int:
        return self.count("added")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")


def shows_changes(version: Version) -> bool:
    return version.state == Version.State.ADOPTED or version.based_on_id is not None


def base_version(
    version: Version, candidates: list[Version], *, preview: Callable[[], bool]
) -> Version | None:
    """The version ``version`` is compared with: ``based_on``, else the last consulted one.

    ``candidates`` are the public versions of the document, so a draft is only ever a base
    for staff previewing it; ``preview`` is asked only then, as it may cost queries.
    """
    if version.based_on_id is not None:
        for candidate in candidates:
            if candidate.pk == version.based_on_id:
                return candidate
        if preview():
            return (
                Version.objects.select_related("document")
                .filter(pk=version.based_on_id, document_id=version.document_id)
                .first()
            )
        return None
    if version.state != Version.State.ADOPTED:
        return None
    earlier = [
        candidate
        for candidate in candidates
        if candidate.state in CONSULTED
        and (candidate.created_at, candidate.pk) < (version.created_at, version.pk)
    ]
    return max(earlier, key=lambda v: (v.created_at, v.pk), default=None)


@dataclass
class LinkedComment:
    """A comment whose response led to a paragraph, prepared as strings for the page."""

    rank: int
    url: str
    text: str
    disposition: str
    disposition_label: str
    excerpt: str


@dataclass
class CommentLinks:
    """The comments shown under one paragraph, and where to read the rest of them."""

    shown: list[LinkedComment] = field(default_factory=list)
    total: int = 0
    # (thread URL, link text) of each paragraph the comments were made on
    sources: list[tuple[str, str]] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.total - len(self.shown)


# Residents answered in the thousands: the page shows the most supported few per paragraph
# and links the threads with the rest, so that it stays small and fast.
LINKS_SHOWN = 5


def linked_comments(version: Version) -> dict[int, CommentLinks]:
    """Comments whose public response points to a paragraph of ``version``, by paragraph id.

    One query, whatever the number of comments: window functions number the links of
    each paragraph (most supported first) and of each paragraph they were made on, and
    count both; only the first ``LINKS_SHOWN`` of a paragraph and the first of each
    source paragraph come back. Only comments the public sees listed in their thread
    count (hidden or withdrawn ones as a notice, without their text).
    """
    # The condition of Response.objects.public(), on the joins made anyway: as an
    # ``IN (subquery)`` it made SQLite take 0.4 s for 2,000 links.
    links = Response.result_paragraphs.through.objects.filter(
        paragraph__version=version,
        response__comment__paragraph__version__responses_published_at__lte=timezone.now(),
        response__comment__state__in=Comment.PUBLICLY_LISTED,
    )
    order = [
        F("response__comment__support_count").desc(),
        F("response__comment__created_at").asc(),
        F("response__comment_id").asc(),
    ]
    target = [F("paragraph_id")]
    source = [F("paragraph_id"), F("response__comment__paragraph_id")]
    rows = (
        links.annotate(
            rank=Window(RowNumber(), partition_by=target, order_by=order),
            total=Window(Count("pk"), partition_by=target),
            source_rank=Window(RowNumber(), partition_by=source, order_by=order),
            source_count=Window(Count("pk"), partition_by=source),
        )
        # rank <= LINKS_SHOWN or source_rank == 1, as one condition: Django cannot OR
        # conditions on window functions.
        .annotate(keep=Least(F("rank"), F("source_rank") + LINKS_SHOWN - 1))
        .filter(keep__lte=LINKS_SHOWN)  # type: ignore[misc]  # django-stubs misses windows
        .values_list(
            "paragraph_id",
            "rank",
            "total",
            "source_rank",
            "source_count",
            "response__disposition",
            "response__comment_id",
            "response__comment__created_at",
            "response__comment__text",
            "response__comment__state",
            "response__comment__withdrawn_at",
            "response__comment__paragraph__key",
            "response__comment__paragraph__order",
            "response__comment__paragraph__number",
            "response__comment__paragraph__version_id",
            "response__comment__paragraph__version__label",
            "response__comment__paragraph__version__document__slug",
        )
    )
    found: dict[int, CommentLinks] = {}
    urls: dict[tuple[str, int, str], str] = {}
    link_text = _("Comment of %(date)s on %(paragraph)s of “%(label)s”")
    labels = dict(Disposition.choices)
    # By paragraph, then the source paragraphs in reading order, then the ranked comments.
    for row in sorted(rows, key=lambda row: (row[0], row[14], row[12], row[1])):
        paragraph_id, rank, total, source_rank, source_count, disposition = row[:6]
        comment_id, created, text, state, withdrawn = row[6:11]
        key, order, number, version_id, label, slug = row[11:]
        # Paragraph.label, without loading the paragraph.
        name = pgettext("paragraph label", "Para. %(number)s") % {"number": number or order}
        entry = found.setdefault(paragraph_id, CommentLinks(total=total))
        if (slug, version_id, key) not in urls:
            kwargs = {"slug": slug, "pk": version_id, "key": key}
            urls[slug, version_id, key] = reverse("guidelines:paragraph", kwargs=kwargs)
        thread = urls[slug, version_id, key]
        if source_rank == 1:
            entry.sources.append(
                (
                    thread,
                    ngettext(
                        "%(paragraph)s of “%(label)s” (%(count)s comment)",
                        "%(paragraph)s of “%(label)s” (%(count)s comments)",
                        source_count,
                    )
                    % {"paragraph": name, "label": label, "count": source_count},
                )
            )
        if rank > LINKS_SHOWN:
            continue
        date = date_format(timezone.localtime(created), "DATE_FORMAT")
        shows_text = state == Comment.State.PUBLISHED and withdrawn is None
        entry.shown.append(
            LinkedComment(
                rank=rank,
                url=f"{thread}#c-{comment_id}",
                text=link_text % {"date": date, "paragraph": name, "label": label},
                disposition=disposition,
                disposition_label=str(labels.get(disposition, disposition)),
                excerpt=Truncator(text).words(30) if shows_text else "",
            )
        )
    for entry in found.values():
        entry.shown.sort(key=lambda link: link.rank)
    return found


def version_changes(
    version: Version,
    paragraphs: list[Paragraph],
    candidates: list[Version],
    *,
    preview: Callable[[], bool],
) -> VersionChanges | None:
    """Per paragraph of ``version``: its diff against the base version and linked responses."""
    if not shows_changes(version):
        return None
    base = base_version(version, candidates, preview=preview)
    links = linked_comments(version)
    by_paragraph: dict[int, ParagraphChange] = {}
    removed: list[ParagraphChange] = []
    if base is None:
        for paragraph in paragraphs:
            by_paragraph[paragraph.pk] = ParagraphChange(paragraph, paragraph)
    else:
        for change in align(_paragraphs_of(base), paragraphs):
            if change.new is None:
                removed.append(change)
            else:
                by_paragraph[change.new.pk] = change
    for paragraph_id, found in links.items():
        if paragraph_id in by_paragraph:
            by_paragraph[paragraph_id].links = found
    compare_url = compare_url_for(version.document, base, version) if base else ""
    return VersionChanges(
        base=base, by_paragraph=by_paragraph, removed=removed, compare_url=compare_url
    )


def _paragraphs_of(version: Version) -> list[Paragraph]:
    return list(Paragraph.objects.filter(version=version).order_by("order", "pk"))


def compare_url_for(document: Document, old: Version, new: Version) -> str:
    url = reverse("guidelines:compare", kwargs={"slug": document.slug})
    return f"{url}?{urlencode({'von': old.pk, 'zu': new.pk})}"
