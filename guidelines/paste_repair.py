"""Help for text pasted from a PDF or a Word file, offered in the import preview.

Copying from a PDF or Word loses the Markdown structure and brings in layout debris. Each
:data:`KINDS` entry finds one kind of it; :func:`detect` counts what it finds (with an
example for staff to judge) and :func:`repair` changes only the kinds staff ticked. The
preview shows the result before anything is saved.

- ``bullets``: bullet glyphs (•, ▪, Word's Symbol-font dot) at line starts or run
  together in one line become a Markdown list, with the blank line Markdown needs before it.
- ``hyphenation``: words broken at a line end ("Ver- waltung", "Ver-⏎waltung") are
  joined; a German suspended hyphen ("Bus- und Bahnverkehr") is left alone.
- ``page_marks``: page numbers ("Seite 5 von 70", "- 5 -") and running headers or
  footers (the same short line on three or more pages) are removed.
- ``headings``: a numbered line standing alone ("4.1 Verkehr") becomes a heading, one
  level deeper per number part.
- ``footnotes``: superscript references ("Stadt¹") become Markdown footnotes, and each
  definition ("¹ Beschluss …") moves into the paragraph that refers to it, because every
  paragraph is shown (and commented on) on its own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass

KINDS = ("bullets", "hyphenation", "page_marks", "headings", "footnotes")

_GLYPHS = "•▪◦●■□➢►\uf0b7\uf0a7"
_GLYPH_START = re.compile(rf"^[ \t]*[{_GLYPHS}][ \t]*")
_GLYPH_RUN = re.compile(rf"[ \t]+[{_GLYPHS}][ \t]+")
_LETTERS = "A-Za-zÄÖÜäöüß"
# Words after which a trailing hyphen is a German suspended hyphen, not a line break.
_CONJUNCTIONS = {"und", "oder", "bzw", "sowie", "als", "wie", "bis", "noch", "statt"}
_HYPHEN = re.compile(rf"\b([{_LETTERS}]{{2,}})-(?: +|[ \t]*\n[ \t]*)([a-zäöüß]{{2,}})")
_PAGE = re.compile(
    r"^[ \t]*(?:(?:Seite|Page|S\.)[ \t]+\d{1,4}(?:[ \t]*(?:von|/|of)[ \t]*\d{1,4})?"
    r"|[-–][ \t]*\d{1,4}[ \t]*[-–]|\d{1,4}[ \t]*/[ \t]*\d{1,4})[ \t]*$",
    re.IGNORECASE,
)
_NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?[ \t]+([A-ZÄÖÜ][^\n]{0,118})$")
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_DIGITS = str.maketrans(_SUPERSCRIPTS, "0123456789")
_REFERENCE = re.compile(rf"(?<=[\w.,;:!?)”“\"])([{_SUPERSCRIPTS}]+)")
_DEFINITION = re.compile(rf"^[ \t]*([{_SUPERSCRIPTS}]+)[ \t]*(\S.*)$")
_MARKDOWN_START = re.compile(r"^[ \t]*(?:#|>|\||[-+*][ \t]|\d{1,9}[.)][ \t]|```|~~~)")


@dataclass(frozen=True)
class Finding:
    kind: str
    count: int
    example: str


def detect(text: str) -> list[Finding]:
    """What :func:`repair` would change, per kind (only kinds that found something)."""
    findings = []
    for kind in KINDS:
        count, example = _DETECTORS[kind](text)
        if count:
            findings.append(Finding(kind, count, example[:120]))
    return findings


def repair(text: str, kinds: Collection[str]) -> str:
    """``text`` with the chosen kinds repaired, in the order of :data:`KINDS`."""
    # Page marks first: a page break often falls inside a hyphenated word or a list.
    for kind in ("page_marks", *(k for k in KINDS if k != "page_marks")):
        if kind in kinds:
            text = _REPAIRS[kind](text)
    return text


# --- bullets ----------------------------------------------------------------------------------


def _bullet_lines(text: str) -> list[str]:
    return [
        line
        for line in text.split("\n")
        if _GLYPH_START.match(line) or len(_GLYPH_RUN.findall(line)) >= 2
    ]


def _detect_bullets(text: str) -> tuple[int, str]:
    lines = _bullet_lines(text)
    return len(lines), (lines[0].strip() if lines else "")


def _repair_bullets(text: str) -> str:
    out: list[str] = []
    for line in text.split("\n"):
        starts = bool(_GLYPH_START.match(line))
        if not starts and len(_GLYPH_RUN.findall(line)) < 2:
            out.append(line)
            continue
        lead, *items = re.split(rf"[ \t]*[{_GLYPHS}][ \t]*", line)
        if lead.strip():
            out.append(lead.rstrip())
        if out and out[-1].strip() and not out[-1].lstrip().startswith("- "):
            out.append("")  # Markdown starts a list only after a blank line
        out.extend(f"- {item.strip()}" for item in items if item.strip())
    return "\n".join(out)


# --- hyphenation ------------------------------------------------------------------------------


def _hyphenations(text: str) -> list[re.Match[str]]:
    return [m for m in _HYPHEN.finditer(text) if m.group(2).lower() not in _CONJUNCTIONS]


def _detect_hyphenation(text: str) -> tuple[int, str]:
    found = _hyphenations(text)
    return len(found), (" ".join(found[0].group(0).split()) if found else "")


def _repair_hyphenation(text: str) -> str:
    def join(match: re.Match[str]) -> str:
        if match.group(2).lower() in _CONJUNCTIONS:
            return match.group(0)
        return match.group(1) + match.group(2)

    return _HYPHEN.sub(join, text)


# --- page numbers, running headers and footers ------------------------------------------------


def _running_lines(text: str) -> set[str]:
    """Short lines that stand, the same, three times or more: headers and footers."""
    counts = Counter(
        line.strip()
        for line in text.split("\n")
        if 0 < len(line.strip()) <= 80 and not _MARKDOWN_START.match(line)
    )
    return {line for line, count in counts.items() if count >= 3}


def _page_mark_lines(text: str) -> list[str]:
    running = _running_lines(text)
    return [line for line in text.split("\n") if _PAGE.match(line) or (line.strip() in running)]


def _detect_page_marks(text: str) -> tuple[int, str]:
    lines = _page_mark_lines(text)
    return len(lines), (lines[0].strip() if lines else "")


def _repair_page_marks(text: str) -> str:
    running = _running_lines(text)
    kept = [line for line in text.split("\n") if not (_PAGE.match(line) or line.strip() in running)]
    return "\n".join(kept)


# --- numbered headings ------------------------------------------------------------------------


def _heading_lines(text: str) -> list[int]:
    """Indexes of lines that stand alone between blank lines and look like "4.1 Verkehr"."""
    lines = text.split("\n")
    found = []
    for index, line in enumerate(lines):
        match = _NUMBERED_HEADING.match(line.strip())
        if not match or line.rstrip().endswith((".", ":", ";", ",", "!", "?")):
            continue
        before = index == 0 or not lines[index - 1].strip()
        after = index == len(lines) - 1 or not lines[index + 1].strip()
        if before and after:
            found.append(index)
    return found


def _detect_headings(text: str) -> tuple[int, str]:
    found = _heading_lines(text)
    return len(found), (text.split("\n")[found[0]].strip() if found else "")


def _repair_headings(text: str) -> str:
    lines = text.split("\n")
    for index in _heading_lines(text):
        line = lines[index].strip()
        match = _NUMBERED_HEADING.match(line)
        assert match is not None
        depth = match.group(1).count(".") + 2  # "1" is a chapter (##) under the title
        lines[index] = f"{'#' * min(depth, 6)} {line}"
    return "\n".join(lines)


# --- footnotes --------------------------------------------------------------------------------


def _detect_footnotes(text: str) -> tuple[int, str]:
    definitions = [line for line in text.split("\n") if _DEFINITION.match(line)]
    references = sum(
        len(_REFERENCE.findall(line)) for line in text.split("\n") if not _DEFINITION.match(line)
    )
    if not definitions and not references:
        return 0, ""
    return max(len(definitions), references), (definitions[0].strip() if definitions else "")


def _repair_footnotes(text: str) -> str:
    blocks = re.split(r"\n[ \t]*\n", text)
    referenced = {
        number.translate(_TO_DIGITS)
        for line in text.split("\n")
        if not _DEFINITION.match(line)
        for number in _REFERENCE.findall(line)
    }
    definitions: dict[str, str] = {}
    kept: list[list[str]] = []
    for block in blocks:
        lines = []
        for line in block.split("\n"):
            match = _DEFINITION.match(line)
            # A definition nothing refers to stays where it is, as text.
            if match and match.group(1).translate(_TO_DIGITS) in referenced:
                definitions[match.group(1).translate(_TO_DIGITS)] = match.group(2).strip()
            else:
                lines.append(line)
        if lines and any(line.strip() for line in lines):
            kept.append(lines)
    result = []
    for lines in kept:
        numbers: list[str] = []

        def reference(match: re.Match[str], numbers: list[str] = numbers) -> str:
            number = match.group(1).translate(_TO_DIGITS)
            numbers.append(number)
            return f"[^{number}]"

        lines = [_REFERENCE.sub(reference, line) for line in lines]
        # In the same block, without a blank line: the paragraph carries its footnotes.
        lines.extend(
            f"[^{number}]: {definitions.pop(number)}" for number in numbers if number in definitions
        )
        result.append("\n".join(lines))
    return "\n\n".join(result)


_DETECTORS: dict[str, Callable[[str], tuple[int, str]]] = {
    "bullets": _detect_bullets,
    "hyphenation": _detect_hyphenation,
    "page_marks": _detect_page_marks,
    "headings": _detect_headings,
    "footnotes": _detect_footnotes,
}
_REPAIRS: dict[str, Callable[[str], str]] = {
    "bullets": _repair_bullets,
    "hyphenation": _repair_hyphenation,
    "page_marks": _repair_page_marks,
    "headings": _repair_headings,
    "footnotes": _repair_footnotes,
}
