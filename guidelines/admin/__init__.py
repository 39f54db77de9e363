"""Django admin for guideline documents.

Two kinds of staff work here: the group *Redaktion* writes documents and versions
(import from Markdown with a preview, copy a version into a new draft, reorder by
typing positions), the group *Moderation* works through the comment queue. Every
moderation decision goes through :func:`guidelines.services.moderate`, which logs it;
the log itself cannot be changed or deleted by anyone through the admin. Residents'
words are never editable here, and comments cannot be deleted: deleting one would
also delete its moderation log.

The admins live in ``authoring`` (documents, versions, sections, paragraphs), ``importing``
(import from Markdown and copy, mixed into the version admin), ``moderation`` (the comment
queue), ``records`` (the read-only moderation log and reports) and ``objections``
(residents' objections to moderation decisions, answered by moderators). Importing them
here registers them.
"""

from guidelines.admin import authoring, importing, moderation, objections, records
from guidelines.admin import responses as responses

__all__ = ["authoring", "importing", "moderation", "objections", "records"]
