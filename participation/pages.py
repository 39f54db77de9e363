from typing import Any

from django.db.models.signals import post_delete, post_save

from participation.markdown import render_markdown
from participation.page_templates import PAGE_TEMPLATES
from participation.pagecache import bump

# The generation of the legal pages in the page cache (participation.pagecache).
PAGES = "pages"


def ensure_pages(page_model: Any) -> int:
    """Create each legal page from its template unless staff already have it; return how many."""
    created = 0
    for slug, texts in PAGE_TEMPLATES.items():
        _, was_created = page_model.objects.get_or_create(
            slug=slug,
            defaults={
                **texts,
                "body_html": render_markdown(texts["body"]),
                "body_en_html": render_markdown(texts["body_en"]),
            },
        )
        created += was_created
    return created


def page_generations(**_url: Any) -> tuple[str, ...]:
    return (PAGES,)


def _on_page(sender: type, **kwargs: Any) -> None:
    bump(PAGES)


def connect(page_model: Any) -> None:
    """Any edit of a legal page invalidates the cached legal pages."""
    post_save.connect(_on_page, sender=page_model, dispatch_uid="pagecache-page")
    post_delete.connect(_on_page, sender=page_model, dispatch_uid="pagecache-page")
