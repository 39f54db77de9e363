"""A one-use token for each comment form, so that a form sent twice stores one comment."""

from uuid import uuid4

from django import template

register = template.Library()


@register.simple_tag
def submission_token() -> str:
    return str(uuid4())
