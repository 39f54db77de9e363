"""The one Markdown renderer of Stadtdialog.

Staff write Markdown (legal pages, documents, minutes, project descriptions). It is
rendered once on save into a cached ``*_html`` field and by django-markdownx's
preview; both go through :func:`render_markdown`, which sanitises the HTML with an
nh3 allow-list so that no script, style or event handler ever reaches a page. Tables
come out wrapped in a region that scrolls sideways on a narrow screen.

Where that HTML has to be read as plain text (text mails, spreadsheet cells),
:func:`html_to_text` turns it into the text a reader sees.
"""

import re
import secrets
import threading
from html import escape
from html.parser import HTMLParser
from typing import Any, ClassVar

import markdown
import nh3
from django.conf import settings
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext, override
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "details", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "img", "ins", "li", "ol", "p", "pre", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang", "lang"},
    "abbr": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "*": {"lang"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


# Heading ids made by the renderer start with this; the page's own ids never do.
HEADING_ID_PREFIX = "h-"
# Elements whose content is not text: removed with their content, or alone when unclosed
# (nh3 would otherwise drop everything after an unclosed one).
_RAW_ELEMENT = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_RAW_TAG = re.compile(r"</?(?:script|style)\b[^>]*>?", re.IGNORECASE)


def _strip_raw_elements(text: str) -> str:
    previous = None
    while previous != text:  # until no nested remainder forms a new tag
        previous = text
        text = _RAW_TAG.sub("", _RAW_ELEMENT.sub("", text))
    return text


_local = threading.local()


def _heading_id(value: str, separator: str) -> str:
    return _local.marker + slugify(value)


class _MarkWrittenIds(Treeprocessor):
    """Ids staff give a heading in the text (``### Regel {#grund-1}``) are the renderer's
    too: they get the marker, so they come out as ``h-grund-1`` like the made ones."""

    def run(self, root: Any) -> None:
        for element in root.iter():
            if element.tag in _HEADINGS and element.get("id"):
                element.set("id", _local.marker + slugify(element.get("id")))


class _WrittenIds(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After attr_list (8), which reads the {#id}, before toc (5), which keeps set ids.
        md.treeprocessors.register(_MarkWrittenIds(md), "written_ids", 6)


_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _converter() -> markdown.Markdown:
    """One converter per thread, reset between texts (building one costs about 1 ms)."""
    converter: markdown.Markdown | None = getattr(_local, "converter", None)
    if converter is None:
        converter = markdown.Markdown(
            extensions=["extra", "sane_lists", _WrittenIds(), "toc"],
            extension_configs={"toc": {"slugify": _heading_id}},
            output_format="html",
        )
        _local.converter = converter
    return converter


def render_markdown(text: str) -> str:
    """Render staff Markdown to sanitised HTML.

    Only ids the renderer itself gives to headings survive: they are made with a random
    marker for this call, and every other id (raw HTML in the text, which could take over
    an id the page's scripts rely on) is dropped before the marker becomes ``h-``.
    """
    text = _strip_raw_elements(text.replace("\x00", ""))
    if not text.strip():
        return ""
    marker = f"x{secrets.token_hex(8)}-"

    def keep_own_ids(tag: str, attribute: str, value: str) -> str | None:
        if attribute != "id":
            return value
        return HEADING_ID_PREFIX + value[len(marker) :] if value.startswith(marker) else None

    _local.marker = marker
    html = _converter().reset().convert(text)
    # The page owns its h1; a "# heading" in staff text becomes a second-level one.
    html = html.replace("<h1", "<h2").replace("</h1>", "</h2>")
    return _scrolling_tables(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            attribute_filter=keep_own_ids,
            url_schemes=ALLOWED_URL_SCHEMES,
            link_rel="noopener noreferrer",
            strip_comments=True,
        )
    )


# In nh3's output "<" is escaped in text and attribute values and comments are gone, so
# these match only the tags themselves.
_TABLE_START = re.compile(r"<table\b")
_TABLE_END = "</table>"


def _scrolling_tables(html: str) -> str:
    """Wrap every table in a focusable region that scrolls sideways (static/css/site.css).

    Done after sanitising, so that no staff text can make such a region itself. The name
    and hint are in the site's language, the language staff write in: the HTML is stored
    once for every reader.
    """
    if _TABLE_END not in html:
        return html
    with override(settings.LANGUAGE_CODE):
        name = escape(gettext("Table"))
        hint = escape(gettext("If the table does not fit on your screen, scroll it sideways."))
    start = (
        f'<div class="table-scroll" role="region" tabindex="0" aria-label="{name}" '
        f'data-hint="{hint}"><table'
    )
    return _TABLE_START.sub(start, html).replace(_TABLE_END, _TABLE_END + "</div>")


class _TextWriter(HTMLParser):
    """Collects the lines of :func:`html_to_text`, one block or list item at a time."""

    # Blocks that stand apart: a blank line before and after each in the mail layout.
    PARAGRAPHS = frozenset({
        "blockquote", "details", "div", "dl", "h2", "h3", "h4", "h5", "h6", "hr", "ol", "p",
        "pre", "summary", "table", "ul",
    })  # fmt: skip
    # Elements that start a line of their own.
    LINES = frozenset({"br", "dd", "dt", "li", "tr"})

    def __init__(self, *, compact: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.compact = compact
        self.lines: list[str] = []
        self.line: list[str] = []
        self.lists: list[int | None] = []  # per open list: the next number (ol) or None (ul)
        # Per open list item: its marker ("– ", "3. ") until its first line is written,
        # then as many spaces, so that further lines hang under its text.
        self.items: list[str] = []
        self.links: list[tuple[str, list[str]]] = []  # (address, the link's text)
        self.cells = 0
        self.quotes = 0
        self.pre = False

    def _write(self, text: str) -> None:
        self.lines.append(("> " * self.quotes + "".join(self.items) + text).rstrip())
        self.items = [" " * len(marker) for marker in self.items]

    def _flush(self) -> None:
        text = "".join(self.line)
        self.line = []
        text = text.rstrip() if self.pre else " ".join(text.split())
        if text:
            self._write(text)

    def _paragraph(self) -> None:
        self._flush()
        if not self.compact and not self.lists and self.lines and self.lines[-1]:
            self.lines.append("")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in self.PARAGRAPHS:
            self._paragraph()
        elif tag in self.LINES:
            self._flush()
        if tag in ("ul", "ol"):
            start = attributes.get("start") or "1"
            self.lists.append(None if tag == "ul" else int(start) if start.isdigit() else 1)
        elif tag == "li":
            number = self.lists[-1] if self.lists else None
            if number is None:
                self.items.append("– ")
            else:
                self.items.append(f"{number}. ")
                self.lists[-1] = number + 1
        elif tag == "tr":
            self.cells = 0
        elif tag in ("td", "th"):
            if self.cells:
                self.line.append(" | ")
            self.cells += 1
        elif tag == "blockquote":
            self.quotes += 1
        elif tag == "pre":
            self.pre = True
        elif tag == "a":
            self.links.append((attributes.get("href") or "", []))
        elif tag == "img":
            self.line.append(attributes.get("alt") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.links:
            href, text = self.links.pop()
            address = href.removeprefix("mailto:")
            if address and address != "".join(text).strip():
                self.line.append(f" ({address})")
            return
        if tag in self.PARAGRAPHS or tag in self.LINES:
            self._flush()
        if tag == "li" and self.items:
            self.items.pop()
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "blockquote":
            self.quotes = max(self.quotes - 1, 0)
        elif tag == "pre":
            self.pre = False
        if tag in self.PARAGRAPHS:
            self._paragraph()

    def handle_data(self, data: str) -> None:
        if self.links:
            self.links[-1][1].append(data)
        if self.pre:  # each line of preformatted text is a line of its own, blank or not
            *ended, data = data.split("\n")
            for part in ended:
                self._write("".join(self.line) + part)
                self.line = []
        self.line.append(data)

    def text(self) -> str:
        self._flush()
        return "\n".join(self.lines).strip("\n")


def html_to_text(html: str, *, compact: bool = False) -> str:
    """The text a reader sees in HTML made by :func:`render_markdown`, for text mails
    and spreadsheet cells.

    Each block starts a line: list items with "– " or their number (an ordered list's
    ``start`` counts), their further lines and nested lists hanging under the item's text;
    quotes with "> "; table cells separated by " | "; preformatted text line by line as
    written. A link keeps its address when its text is not the address itself, an image
    its alternative text. The mail layout puts a blank line between blocks; ``compact``
    (for a spreadsheet cell) does not.
    """
    writer = _TextWriter(compact=compact)
    writer.feed(html)
    writer.close()
    return writer.text()


class RendersMarkdown(models.Model):
    """A model that keeps sanitised HTML of its Markdown fields, rendered on save.

    ``rendered_fields`` maps a Markdown field to its cached HTML field. A save with
    ``update_fields`` that names a Markdown field also writes its HTML.
    """

    rendered_fields: ClassVar[dict[str, str]] = {}

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        for source, target in self.rendered_fields.items():
            setattr(self, target, render_markdown(getattr(self, source)))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                *(t for s, t in self.rendered_fields.items() if s in update_fields),
            }
        super().save(*args, **kwargs)
