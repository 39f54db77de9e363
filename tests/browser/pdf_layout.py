"""Where Chromium's PDF puts things: each page's text runs and how far down it is used.

No PDF library is installed, so this reads the little of PDF that Chromium (Skia) writes:
uncompressed object headers, Flate-compressed content streams, Type0 fonts with a
ToUnicode map, and the operators for the graphics state (q Q cm), text (BT Tm Td TJ Tj …)
and rectangles (re, then f to paint or W n to clip). Chromium draws the page's margin
boxes (running header and footer) first, outside any clip, then clips to the page area
and draws the document inside it; that is how the two are told apart.

Positions are in points from the top of the page (A4: 842 pt high).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

_OBJECT = re.compile(rb"(\d+) 0 obj\s*")
_TOKEN = re.compile(
    rb"<([0-9A-Fa-f\s]*)>|\(((?:\\.|[^\\)])*)\)|/([^\s/\[\]<>()]+)|(\[|\])"
    rb"|([-+]?(?:\d+\.?\d*|\.\d+))|([A-Za-z'\"*]+)"
)
_PAINT = {b"f", b"F", b"f*", b"S", b"B", b"B*", b"b", b"b*"}
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass
class Page:
    height: float
    margin: list[tuple[float, str]] = field(default_factory=list)  # running header, footer
    body: list[tuple[float, str]] = field(default_factory=list)  # the document
    area: tuple[float, float] = (0.0, 0.0)  # top and bottom of the page area
    lowest: float = 0.0  # the lowest point anything of the document is drawn at

    @property
    def used(self) -> float:
        """How much of the page area's height the document fills, from its top: 0 to 1."""
        top, bottom = self.area
        return (self.lowest - top) / (bottom - top)

    @staticmethod
    def lines(runs: list[tuple[float, str]]) -> list[str]:
        """Runs on the same baseline joined, top to bottom. Chromium places words by
        position, not always with a space glyph: compare texts without whitespace."""
        by_line: dict[int, list[str]] = {}
        for top, text in runs:
            by_line.setdefault(round(top), []).append(text)
        return ["".join(parts) for _top, parts in sorted(by_line.items())]


def read(pdf: bytes) -> list[Page]:
    objects = _objects(pdf)
    trailer = pdf[pdf.rfind(b"trailer") :]
    root = _reference(objects[_reference(trailer, b"Root")][0], b"Pages")
    pages = []
    for number in _page_numbers(objects, root):
        head = objects[number][0]
        box = [float(v) for v in _search(rb"/MediaBox\s*\[([^\]]*)\]", head).split()]
        page = Page(height=box[3])
        fonts = {}
        font_table = re.search(rb"/Font\s*<<(.*?)>>", head, re.S)
        for name, ref in re.findall(rb"/(\S+?)\s+(\d+) 0 R", font_table[1] if font_table else b""):
            to_unicode = _reference(objects[int(ref)][0], b"ToUnicode")
            fonts[name] = _unicode_map(objects[to_unicode][1]) if to_unicode else {}
        contents = _search(rb"/Contents\s*(\[[^\]]*\]|\d+ 0 R)", head)
        stream = b"\n".join(objects[int(n)][1] for n in re.findall(rb"(\d+) 0 R", contents))
        _draw(stream, fonts, page)
        pages.append(page)
    return pages


def _search(pattern: bytes, data: bytes) -> bytes:
    found = re.search(pattern, data, re.S)
    assert found, pattern
    return found[1]


def _objects(pdf: bytes) -> dict[int, tuple[bytes, bytes]]:
    """Object number → (its dictionary, its decoded stream or b"")."""
    objects = {}
    for match in _OBJECT.finditer(pdf):
        start = match.end()
        end = pdf.find(b"endobj", start)
        stream_at = pdf.find(b"stream", start, end)
        if stream_at == -1:
            objects[int(match[1])] = (pdf[start:end], b"")
            continue
        head = pdf[start:stream_at]
        length = int(_search(rb"/Length (\d+)", head))
        begin = stream_at + len(b"stream")
        begin += 2 if pdf[begin : begin + 2] == b"\r\n" else 1
        raw = pdf[begin : begin + length]
        objects[int(match[1])] = (head, zlib.decompress(raw) if b"/FlateDecode" in head else raw)
    return objects


def _reference(head: bytes, key: bytes) -> int | None:
    found = re.search(rb"/" + key + rb"\s+(\d+) 0 R", head)
    return int(found[1]) if found else None


def _page_numbers(objects: dict[int, tuple[bytes, bytes]], number: int | None):
    assert number is not None
    head = objects[number][0]
    if not re.search(rb"/Type\s*/Pages\b", head):
        yield number
        return
    for kid in re.findall(rb"(\d+) 0 R", _search(rb"/Kids\s*\[([^\]]*)\]", head)):
        yield from _page_numbers(objects, int(kid))


def _unicode_map(cmap: bytes) -> dict[int, str]:
    table = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, first in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                table[code] = chr(int(first, 16) + offset)
    return table


def _multiply(a, b):
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


def _draw(stream: bytes, fonts: dict[bytes, dict[int, str]], page: Page) -> None:
    """Follow the content stream, noting where text and painted rectangles land."""
    ctm, saved, operands = _IDENTITY, [], []
    text_matrix = line_matrix = _IDENTITY
    font: dict[int, str] = {}
    leading, clipped, path = 0.0, False, []

    def top(x: float, y: float) -> float:
        return page.height - (x * ctm[1] + y * ctm[3] + ctm[5])

    def mark(at: float) -> None:
        if clipped:
            page.lowest = max(page.lowest, at)

    def show(codes: list[int]) -> None:
        text = "".join(font.get(code, "") for code in codes)
        at = top(text_matrix[4], text_matrix[5])
        if text.strip():
            (page.body if clipped else page.margin).append((at, text))
            mark(at)

    for token in _TOKEN.finditer(stream):
        hex_string, literal, name, bracket, number, operator = token.groups()
        if number is not None:
            operands.append(float(number))
        elif hex_string is not None:
            raw = bytes.fromhex(re.sub(rb"\s", b"", hex_string).decode())
            operands.append([int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)])
        elif literal is not None:
            operands.append(list(literal))
        elif name is not None:
            operands.append(name)
        elif bracket == b"[":
            operands.append("[")
        elif bracket == b"]":
            start = len(operands) - 1 - operands[::-1].index("[")
            operands[start:] = [[part for part in operands[start + 1 :] if isinstance(part, list)]]
        else:
            if operator == b"q":
                saved.append((ctm, clipped))
            elif operator == b"Q":
                ctm, clipped = saved.pop()
            elif operator == b"cm":
                ctm = _multiply(tuple(operands[-6:]), ctm)
            elif operator == b"BT":
                text_matrix = line_matrix = _IDENTITY
            elif operator == b"Tm":
                text_matrix = line_matrix = tuple(operands[-6:])
            elif operator in (b"Td", b"TD"):
                line_matrix = text_matrix = _multiply((1, 0, 0, 1, *operands[-2:]), line_matrix)
                if operator == b"TD":
                    leading = -operands[-1]
            elif operator == b"T*":
                line_matrix = text_matrix = _multiply((1, 0, 0, 1, 0, -leading), line_matrix)
            elif operator == b"TL":
                leading = operands[-1]
            elif operator == b"Tf":
                font = fonts.get(operands[-2], {})
            elif operator in (b"Tj", b"'"):
                show(operands[-1])
            elif operator == b"TJ":
                show([code for part in operands[-1] for code in part])
            elif operator == b"re":
                x, y, _width, height = operands[-4:]
                path += [top(x, y), top(x, y + height)]
            elif operator in (b"W", b"W*"):
                if not clipped and path and page.area == (0.0, 0.0):
                    page.area = (min(path), max(path))  # the first clip: the page area
                clipped = True
            elif operator in _PAINT or operator == b"n":
                if operator in _PAINT:
                    for at in path:
                        mark(at)
                path = []
            operands = []
