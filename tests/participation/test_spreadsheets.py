"""CSV files are safe whichever separator a spreadsheet program splits them on."""

import csv
import io

import pytest

from participation.spreadsheets import FORMULA_TRIGGERS, csv_writer, neutralise

HOSTILE = [
    "=cmd|' /C calc'!A0",
    "harmlos,=cmd|' /C calc'!A0",
    'harmlos;=HYPERLINK("http://evil")',
    "harmlos\t+SUM(1;2)",
    'text,"=1+1"',
    "a;@SUM(A1)",
    "-2+3",
    "\r=1",
]


def _cells(text: str, delimiter: str) -> list[str]:
    return [
        cell
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for cell in row
    ]


def _splits(text: str) -> list[str]:
    """Every piece a program that ignores quoting would see, for each separator."""
    pieces = []
    for separator in (";", ",", "\t"):
        pieces.extend(text.split(separator))
    return pieces


@pytest.mark.parametrize("value", HOSTILE)
def test_no_cell_starts_a_formula_with_any_separator(value):
    buffer = io.StringIO()
    csv_writer(buffer).writerow(["1", neutralise(value), "ok"])
    written = buffer.getvalue()
    for delimiter in (";", ",", "\t"):
        for cell in _cells(written, delimiter):
            assert not cell.lstrip('"').startswith(FORMULA_TRIGGERS), (delimiter, cell)
    for piece in _splits(written.strip()):
        assert not piece.lstrip('"').startswith(FORMULA_TRIGGERS), piece


def test_every_field_is_quoted():
    buffer = io.StringIO()
    csv_writer(buffer).writerow(["Text", "12", ""])
    assert buffer.getvalue() == '"Text";"12";""\r\n'


def test_ordinary_text_is_unchanged():
    assert neutralise("Radweg an der Hauptstraße, 2. Bauabschnitt") == (
        "Radweg an der Hauptstraße, 2. Bauabschnitt"
    )
