"""PDF validation for board attachments.

A file is accepted only if its content is a PDF: it starts with ``%PDF-``, ends with an
``%%EOF`` marker in its last KB, carries no HTML in its first KB (an HTML/PDF polyglot
that a browser could sniff as a page), and stays within ``BOARD_ATTACHMENT_MAX_BYTES``.
The client's file name and content type are ignored; the stored name is random.
"""

from __future__ import annotations

import re
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

HEAD = 1024
TAIL = 1024
HTML_MARKERS = re.compile(rb"<\s*(html|script|body|iframe|svg|!doctype)", re.IGNORECASE)


def validate_pdf(upload: IO[bytes]) -> None:
    """Raise ``ValidationError`` unless ``upload`` is a PDF within the size limit."""
    limit = settings.BOARD_ATTACHMENT_MAX_BYTES
    size = getattr(upload, "size", None)
    upload.seek(0)
    if size is None:
        size = len(upload.read(limit + 1))
        upload.seek(0)
    if size > limit:
        raise ValidationError(
            _("The file must not be larger than %(limit)s.") % {"limit": filesizeformat(limit)},
            code="too_large",
        )
    head = upload.read(HEAD)
    if not head.startswith(b"%PDF-"):
        raise ValidationError(_("Only PDF files can be attached."), code="not_pdf")
    if HTML_MARKERS.search(head):
        raise ValidationError(
            _("This file contains HTML and is refused. Please export a clean PDF."),
            code="polyglot",
        )
    upload.seek(max(size - TAIL, 0))
    if b"%%EOF" not in upload.read(TAIL):
        raise ValidationError(
            _("The PDF file is incomplete or damaged (no end marker)."), code="truncated"
        )
    upload.seek(0)
