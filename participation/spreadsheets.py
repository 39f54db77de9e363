"""Text for spreadsheets: CSV that no spreadsheet program runs as a formula.

Spreadsheet programs compute a cell that starts with = + - @ tab or CR ("CSV injection",
e.g. ``=HYPERLINK(...)`` in a comment). Which character separates cells depends on the
program and the locale (``;`` in German Excel, ``,`` elsewhere, tab on paste), and a
program that guesses the separator may split a field where the writer did not. So:

- every field is quoted (``QUOTE_ALL``), so a separator inside a field stays inside it
  for any program that honours quoting;
- a formula start gets a leading apostrophe at the start of the field *and* after every
  ``;``, ``,``, tab or line break inside it (optionally behind quotes), for programs that
  do not (a line break starts a new row there).

Exports of all apps go through :func:`neutralise` and :func:`csv_writer`.
"""

from __future__ import annotations

import csv
import re
from typing import Any, Protocol

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_DELIMITER = ";"

# A trigger at the start, or after a separator or line break and any quotes a naive split
# leaves behind.
_FORMULA_START = re.compile(r'(^|[;,\t\r\n])("*)(?=[=+\-@\t\r])')


def neutralise(value: str) -> str:
    """The text as a spreadsheet must show it: an apostrophe before every formula start."""
    return _FORMULA_START.sub(r"\1\2'", value)


class _Writable(Protocol):
    def write(self, value: str, /) -> Any: ...


def csv_writer(target: _Writable) -> Any:
    """A ``csv.writer`` with the house dialect: semicolons, every field quoted."""
    return csv.writer(target, delimiter=CSV_DELIMITER, quoting=csv.QUOTE_ALL)
