"""The confirmation page the board's admin shows before a state change with side effects."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse

FORM_TEMPLATE = "admin/participation/board_action_form.html"


def action_page(
    admin_view: admin.ModelAdmin,  # type: ignore[type-arg]
    request: HttpRequest,
    *,
    title: str,
    obj: Any,
    form: forms.Form | None = None,
    text: str = "",
    button: str,
    status: int = 200,
    template: str = FORM_TEMPLATE,
    **extra: Any,
) -> TemplateResponse:
    """A confirmation page in the admin's look: what will happen, a form, one button."""
    context = {
        **admin_view.admin_site.each_context(request),
        "opts": admin_view.opts,
        "title": title,
        "object": obj,
        "form": form,
        "text": text,
        "button": button,
        **extra,
    }
    return TemplateResponse(request, template, context, status=status)
