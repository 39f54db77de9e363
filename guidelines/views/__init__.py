"""Reading guideline documents and taking part in their paragraph threads.

Pages are assembled in a fixed number of queries, however many paragraphs or comments
there are: the version page reads the version, its sections and its paragraphs (with
comment counts) in one query each; a thread reads one page of top-level comments and
then all their replies in one more query, and nests them in Python.

Without JavaScript every action is a small form page (reply, edit, withdraw, report)
or a one-button form (support) that redirects back to the thread (PRG); refused input
comes back on the form page with status 400 and nothing typed lost. Requests from
static/js/comments.js carry ``X-Requested-With: fetch`` and get JSON instead.

The views live in ``reading`` and ``actions``; the thread itself (nesting, paging,
what a viewer may do) in :mod:`guidelines.threads`.
"""

from guidelines.views import exports as exports
from guidelines.views.actions import (
    comment_create,
    comment_edit,
    comment_reply,
    comment_report,
    comment_support,
    comment_withdraw,
)
from guidelines.views.commented import commented_version as commented_version
from guidelines.views.comparison import compare_versions as compare_versions
from guidelines.views.reading import (
    document_detail,
    document_list,
    paragraph_detail,
    version_detail,
)

__all__ = [
    "comment_create",
    "comment_edit",
    "comment_reply",
    "comment_report",
    "comment_support",
    "comment_withdraw",
    "document_detail",
    "document_list",
    "paragraph_detail",
    "version_detail",
]
