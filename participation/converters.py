"""Path converters shared by all apps."""

from __future__ import annotations


class IdConverter:
    """A database id: digits that fit a 64-bit integer column.

    Django's ``int`` converter takes any number of digits, and a value beyond the column's
    range fails in the database (SQLite raises ``OverflowError``) instead of giving a 404.
    Eighteen digits are always in range; longer values do not match, so the URL is a 404.
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
