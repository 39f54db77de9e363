"""The commented version: every paragraph with its comments and the city's responses.

Public once staff published it (``Version.responses_published_at``), 404 before. The
page reads the version, its sections, its paragraphs, every listed comment with its
author and response, and the later paragraphs the responses led to: five queries,
however many comments. The disposition filter and the statistics work on the comments
already read, in Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from guidelines.invalidation import document_generations
from guidelines.models import Comment, Disposition, Paragraph, Section, Version
from guidelines.threads import CommentNode, attach_responses
from participation import pagecache

UNANSWERED = "none"  # the filter value for comments without a response


class DispositionFilterForm(forms.Form):
    disposition = forms.ChoiceField(
        label=gettext_lazy("Show comments"),
        required=False,
        choices=[
            ("", gettext_lazy("All comments")),
            *Disposition.choices,
            (UNANSWERED, gettext_lazy("without a response yet")),
        ],
        error_messages={"invalid_choice": gettext_lazy("Please choose one of the listed options.")},
    )


@dataclass
class Bar:
    """One bar of a chart, its length in percent of the longest (as text, never localised)."""

    label: str
    count: int
    length: str


@dataclass
class Stats:
    columns: list[tuple[str, str]]  # (value, label): the dispositions, then "no response"
    rows: list[tuple[Section, list[int], int]]  # chapter, counts per column, total
    totals: list[int]
    total: int
    by_disposition: list[Bar] = field(default_factory=list)
    by_chapter: list[Bar] = field(default_factory=list)


def _bars(items: list[tuple[str, int]]) -> list[Bar]:
    longest = max((count for _label, count in items), default=0) or 1
    return [Bar(label, count, f"{100 * count / longest:.1f}") for label, count in items]


def _disposition_of(node: CommentNode) -> str:
    return node.response.disposition if node.response is not None else UNANSWERED


def statistics(
    sections: list[Section], nodes: list[CommentNode], section_of: dict[int, int]
) -> Stats:
    """Comments per chapter and disposition; those that need no response (withdrawn, hidden
    as spam) get no count."""
    columns = [(value, str(label)) for value, label in Disposition.choices]
    columns.append((UNANSWERED, _("no response yet")))
    index = {value: number for number, (value, _label) in enumerate(columns)}
    counts: dict[int, list[int]] = defaultdict(lambda: [0] * len(columns))
    for node in nodes:
        if not node.comment.needs_response:
            continue
        counts[section_of[node.comment.paragraph_id]][index[_disposition_of(node)]] += 1
    rows = [(section, counts[section.pk], sum(counts[section.pk])) for section in sections]
    totals = [sum(row[1][number] for row in rows) for number in range(len(columns))]
    stats = Stats(columns=columns, rows=rows, totals=totals, total=sum(totals))
    shown = [(label, totals[index[value]]) for value, label in columns]
    if not totals[index[UNANSWERED]]:
        shown.pop()  # "no response yet" only when there is such a comment
    stats.by_disposition = _bars(shown)
    stats.by_chapter = _bars([(section.title, total) for section, _counts, total in rows])
    return stats


def chart_summary(bars: list[Bar]) -> str:
    """The figures of a chart as one sentence: the chart's accessible name carries its data."""
    return "; ".join(f"{bar.label}: {bar.count}" for bar in bars)


@require_safe
@pagecache.public_page(document_generations, query=("disposition",))
def commented_version(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    version = get_object_or_404(
        Version.objects.public().select_related("document"), pk=pk, document__slug=slug
    )
    if not version.responses_are_public:
        raise Http404
    document = version.document
    form = DispositionFilterForm(request.GET or None)
    chosen = form.cleaned_data["disposition"] if form.is_valid() else ""
    pagecache.canonical(
        request, request.path + (f"?{urlencode({'disposition': chosen})}" if chosen else "")
    )

    sections = list(version.sections.all())
    paragraphs = list(Paragraph.objects.filter(version=version).order_by("order", "pk"))
    comments = (
        Comment.objects.filter(paragraph__version=version, state__in=Comment.PUBLICLY_LISTED)
        .select_related("author", "response")
        .order_by("created_at", "pk")
    )
    nodes = {comment.pk: CommentNode(comment=comment, urls={}) for comment in comments}
    attach_responses(list(nodes.values()))

    # Threads as on the paragraph pages; with a filter, the matching comments one by one.
    by_paragraph: dict[int, list[CommentNode]] = defaultdict(list)
    for node in nodes.values():
        comment = node.comment
        if chosen:
            if _disposition_of(node) == chosen and not comment.is_withdrawn:
                by_paragraph[comment.paragraph_id].append(node)
        elif comment.parent_id is None:
            by_paragraph[comment.paragraph_id].append(node)
        elif comment.parent_id in nodes:  # replies below an unlisted comment stay out
            nodes[comment.parent_id].children.append(node)

    by_section: dict[int, list[tuple[Paragraph, list[CommentNode]]]] = defaultdict(list)
    for paragraph in paragraphs:
        paragraph.version = version  # so that get_absolute_url needs no query
        if by_paragraph[paragraph.pk] or not chosen:
            by_section[paragraph.section_id].append((paragraph, by_paragraph[paragraph.pk]))
    section_of = {paragraph.pk: paragraph.section_id for paragraph in paragraphs}
    stats = statistics(sections, list(nodes.values()), section_of)
    labels = dict(DispositionFilterForm.base_fields["disposition"].choices)  # type: ignore[attr-defined]

    return render(
        request,
        "guidelines/version_commented.html",
        {
            "document": document,
            "version": version,
            "form": form,
            "chosen": chosen,
            "chosen_label": labels.get(chosen, ""),
            "matches": sum(len(found) for found in by_paragraph.values()) if chosen else 0,
            "sections": [
                (section, by_section[section.pk]) for section in sections if by_section[section.pk]
            ],
            "stats": stats,
            "disposition_summary": chart_summary(stats.by_disposition),
            "chapter_summary": chart_summary(stats.by_chapter),
            "terms_url": reverse("participation:page", kwargs={"slug": "nutzungsbedingungen"}),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
