"""The person's own comments on "Mein Konto": each with its state and, once the
commented version is published, the city's response. Registered in ``apps.py``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from guidelines.models import Comment
from guidelines.threads import CommentNode, attach_responses

MY_COMMENTS_PER_PAGE = 20


@dataclass
class MyComment:
    node: CommentNode
    state: str  # published, pending, held, hidden or withdrawn
    state_label: str

    @property
    def comment(self) -> Comment:
        return self.node.comment


def _state(comment: Comment) -> tuple[str, str]:
    if comment.is_withdrawn:
        return "withdrawn", _("Withdrawn by you")
    return comment.state, str(comment.get_state_display())


def my_comments(request: HttpRequest) -> dict[str, Any]:
    """One page of the signed-in person's comments, newest first: three queries at most
    (count, page, the paragraphs the responses led to), however many they wrote."""
    comments = (
        Comment.objects.filter(author_id=request.user.pk)
        .select_related("paragraph__version__document", "response")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(comments, MY_COMMENTS_PER_PAGE).get_page(request.GET.get("page"))
    nodes = [CommentNode(comment=comment, urls={}, own=True) for comment in page]
    # A response is public once its version's commented version is; before that it is
    # an internal draft, also for the comment's author.
    attach_responses([n for n in nodes if n.comment.paragraph.version.responses_are_public])
    base = reverse("participation:account")
    return {
        "my_comments": [MyComment(node, *_state(node.comment)) for node in nodes],
        "page": page,
        "previous_url": f"{base}?page={page.previous_page_number()}#my-comments"
        if page.has_previous()
        else "",
        "next_url": f"{base}?page={page.next_page_number()}#my-comments" if page.has_next() else "",
        "terms_url": reverse("participation:page", args=["nutzungsbedingungen"]),
    }
