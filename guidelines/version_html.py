"""The HTML of a version's text: its sections and paragraphs, built from strings.

The version page shows every paragraph of a version (40 in the benchmark's document),
each with its label, its text, the number of comments and the way to comment. Rendered by
Django's template engine that was about 15 variable lookups, a plural translation and a
URL reversal per paragraph: most of the page's time (docs/performance.md, "Version page"). Here the
same markup is joined from strings, translated and reversed once per page, with every
value from the database escaped where it is put in (paragraph texts are HTML already,
rendered through the sanitising Markdown renderer when they were saved).

The markup, per section: ``<section class="doc-section">`` with its heading (h2 for a
chapter, h3 and h4 for sub-sections) and, per paragraph, ``<div class="paragraph">``
holding the permalink with the paragraph's label, the text, the actions and, on an
adopted version, what changed since the consulted draft.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from html import escape

from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from guidelines.changes import VersionChanges
from guidelines.models import Paragraph, Section, Version

# In no paragraph key: the paragraph addresses of a page are one reversed address with
# the key put in its place.
KEY_SLOT = "0key0"


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    heading: str
    level: int


def contents(sections: list[Section]) -> list[TocEntry]:
    """The table of contents: one entry per section, indented by its level."""
    return [TocEntry(section.anchor, section.heading, section.level) for section in sections]


def text_html(
    version: Version,
    sections: list[Section],
    paragraphs: list[Paragraph],
    changes: VersionChanges | None,
    *,
    commenting: bool,
) -> SafeString:
    """Every section with its paragraphs; ``commenting`` adds a "Comment" link to each."""
    address = reverse(
        "guidelines:paragraph",
        kwargs={"slug": version.document.slug, "pk": version.pk, "key": KEY_SLOT},
    )
    head, _slot, tail = address.rpartition(KEY_SLOT)
    words = {
        "permalink": escape(gettext("Link to this paragraph")),
        "comment": escape(gettext("Comment")),
        "on": escape(gettext("on %(paragraph)s")),
    }
    counted: dict[int, str] = {}  # "3 comments", translated once per number
    by_section: dict[int, list[str]] = defaultdict(list)
    for paragraph in paragraphs:
        url = escape(f"{head}{paragraph.key}{tail}")
        label = escape(paragraph.label)
        parts = [_paragraph_start(paragraph, label, words["permalink"])]
        count: int = paragraph.comment_count  # type: ignore[attr-defined]
        if count or commenting:
            on = words["on"] % {"paragraph": label}
            parts.append('<p class="paragraph__actions">')
            if count:
                if count not in counted:
                    text = ngettext("%(counter)s comment", "%(counter)s comments", count)
                    counted[count] = escape(text % {"counter": count})
                parts.append(
                    f'<a href="{url}">{counted[count]}'
                    f'<span class="visually-hidden"> {on}</span></a>\n'
                )
            if commenting:
                parts.append(
                    f'<a class="button button--secondary button--small" href="{url}#comment-form">'
                    f'{words["comment"]}<span class="visually-hidden"> {on}</span></a>'
                )
            parts.append("</p>\n")
        change = changes.by_paragraph.get(paragraph.pk) if changes is not None else None
        if change is not None:
            # Adopted versions only: a few paragraphs, and the diff and links need markup.
            context = {"change": change, "base": changes.base if changes else None}
            parts.append(get_template("guidelines/_paragraph_changes.html").render(context))
        parts.append("</div>\n")
        by_section[paragraph.section_id].append("".join(parts))
    html = []
    for section in sections:
        anchor = escape(section.anchor)
        tag = section.heading_tag
        html.append(
            f'<section class="doc-section" id="{anchor}" aria-labelledby="{anchor}-title">\n'
            f'<{tag} id="{anchor}-title">{escape(section.heading)}</{tag}>\n'
        )
        html.extend(by_section[section.pk])
        html.append("</section>\n")
    return mark_safe("".join(html))  # noqa: S308 (every value escaped above)


def _paragraph_start(paragraph: Paragraph, label: str, permalink: str) -> str:
    anchor = escape(paragraph.anchor)
    return (
        f'<div class="paragraph" id="{anchor}">\n'
        f'<a class="paragraph__permalink" href="#{anchor}" title="{permalink}">{label}</a>\n'
        f'<div class="paragraph__text prose">{paragraph.text_html}</div>\n'
    )
