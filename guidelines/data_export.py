from typing import Any

from guidelines.models import Comment, Objection, Report, Support
from participation.models import User


def comments_of(user: User) -> dict[str, list[dict[str, Any]]]:
    """The person's comments, supports, reports and objections, for their DSGVO data download."""
    comments = Comment.objects.filter(author=user).select_related("paragraph__version__document")
    return {
        "comments": [
            {
                "id": c.pk,
                "document": c.paragraph.version.document.title,
                "version": c.paragraph.version.label,
                "paragraph": c.paragraph.key,
                "reply_to": c.parent_id,
                "text": c.text,
                "state": c.state,
                "written": c.created_at.isoformat(),
                "edited": c.edited_at.isoformat() if c.edited_at else None,
                "withdrawn": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in comments.order_by("created_at", "pk")
        ],
        "supports": [
            {"comment": s.comment_id, "given": s.created_at.isoformat()}
            for s in Support.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "reports": [
            {"comment": r.comment_id, "reason": r.reason, "reported": r.created_at.isoformat()}
            for r in Report.objects.filter(reporter=user).order_by("created_at", "pk")
        ],
        "objections": [
            {
                "comment": o.comment_id,
                "text": o.text,
                "received": o.created_at.isoformat(),
                "state": o.state,
                "outcome": o.outcome,
                "answer": o.answer,
                "answered": o.answered_at.isoformat() if o.answered_at else None,
            }
            for o in Objection.objects.filter(author=user).order_by("created_at", "pk")
        ],
    }
