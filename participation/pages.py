from typing import Any

from participation.markdown import render_markdown
from participation.page_templates import PAGE_TEMPLATES


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
