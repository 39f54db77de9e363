"""Lookups and context that the reading pages and the comment actions share."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from guidelines.forms import REPORT_DETAILS_MAX_LENGTH, parse_page, parse_sort
from guidelines.models import HideReason, Paragraph, Version
from guidelines.threads import Viewer
from participation import pagecache
from participation.models import User


def request_user(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


def can_preview(request: HttpRequest) -> bool:
    """Staff who may see versions in admin may also preview drafts on the site."""
    user = request_user(request)
    return user is not None and user.is_staff and user.has_perm("guidelines.view_version")


def wants_json(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def get_paragraph(
    request: HttpRequest, slug: str, pk: int, key: str, *, write: bool = False
) -> Paragraph:
    """The paragraph of a public version; drafts only for staff, and only to read."""
    queryset = Paragraph.objects.select_related("version__document", "section")
    if not write:
        queryset = queryset.with_counts(request_user(request))
    paragraph = get_object_or_404(queryset, key=key, version_id=pk, version__document__slug=slug)
    if not paragraph.version.is_public and (write or not can_preview(request)):
        raise Http404
    return paragraph


def view_of(request: HttpRequest) -> tuple[str, int]:
    """The thread view (sort, page) an action was started from; carried in the query."""
    return parse_sort(request.GET.get("sort")), parse_page(request.GET.get("page"))


# The variant of a stored thread page that every resident who may comment gets
# (participation.pagecache.variant): rendered for no one in particular.
PARTICIPANT = "participant"


def viewer_of(request: HttpRequest, paragraph: Paragraph) -> Viewer:
    open_now = paragraph.version.is_open_for_comments
    if pagecache.variant(request) == PARTICIPANT:
        return Viewer(user=None, participant=True, open=open_now)
    user = request_user(request)
    return Viewer(
        user=user,
        participant=user is not None and user.can_participate,
        open=open_now,
    )


def moments(*versions: Version) -> list[datetime | None]:
    """When what a reader sees of these versions changes by itself (for the page cache)."""
    return [
        moment
        for version in versions
        for moment in (
            version.comments_open_at,
            version.comments_close_at,
            version.responses_published_at,
        )
    ]


def shared_context(request: HttpRequest, *, sort: str, page: int) -> dict[str, Any]:
    """What every comment partial needs; passed explicitly because partials use ``only``."""
    return {
        # Lazy: an anonymous thread shows no form, so it needs no token (and no cookie).
        "csrf_token": SimpleLazyObject(lambda: get_token(request)),
        "sort": sort,
        "page": page,
        "max_length": settings.COMMENT_MAX_LENGTH,
        "details_max_length": REPORT_DETAILS_MAX_LENGTH,
        "counter_template": _("%(count)s characters left"),
        "reasons": HideReason.choices,
        # Translated once here rather than once per comment in the template.
        "labels": {
            "support": _("Support"),
            "reply": _("Reply"),
            "edit": _("Edit"),
            "withdraw": _("Withdraw"),
            "report": _("Report"),
        },
        "terms_url": reverse("participation:page", kwargs={"slug": "nutzungsbedingungen"}),
    }
