"""Admin for calls for applications, applications and the lottery.

The lottery page of a call asks for the seed drawn in public, runs the draw
(``seats.run_lottery``) and shows the result by application number; only a second,
explicit confirmation (``seats.confirm_lottery``) makes it final and seats the drawn
applicants. Application lists show numbers, pools and states; names and contacts only
on an application's own page, where staff need them to tell the result.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from markdownx.admin import MarkdownxModelAdmin

from participation.board import lottery, seats
from participation.board.services import ActionRefused
from participation.markdown import render_markdown
from participation.models import Application, Call, LotteryRun, Pool


class PoolInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Pool
    extra = 0
    fields = ["order", "name", "seats"]


class SeedForm(forms.Form):
    seed = forms.CharField(
        label=_("Seed drawn in public"),
        max_length=500,
        help_text=_("e.g. the numbers rolled or drawn in the public session, as announced there"),
    )


@admin.register(Call)
class CallAdmin(MarkdownxModelAdmin):
    list_display = ["title", "board", "opens_at", "closes_at", "seats", "application_count"]
    list_select_related = ["board"]
    list_filter = ["board"]
    readonly_fields = ["personal_data_deleted_at", "created", "modified"]
    inlines = [PoolInline]
    change_form_template = "admin/participation/call/change_form.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Call]:
        return super().get_queryset(request).annotate(application_total=Count("applications"))

    @admin.display(description=_("applications"), ordering="application_total")
    def application_count(self, obj: Call) -> int:
        return obj.application_total  # type: ignore[attr-defined,no-any-return]

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/lottery/", wrap(self.lottery_view), name="participation_call_lottery"),
            path(
                "<int:pk>/lottery/<int:run_pk>/",
                wrap(self.confirm_view),
                name="participation_call_lottery_confirm",
            ),
            *super().get_urls(),
        ]

    def _call(self, request: HttpRequest, pk: int) -> Call:
        call = get_object_or_404(Call, pk=pk)
        if not request.user.has_perm("participation.add_lotteryrun"):
            raise PermissionDenied
        return call

    def _page(
        self, request: HttpRequest, call: Call, status: int = 200, **extra: Any
    ) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Lottery: %(call)s") % {"call": call},
            "call": call,
            "confirmed_run": call.lottery_runs.filter(confirmed=True).first(),
            "description": render_markdown(lottery.description("de")),
            **extra,
        }
        return TemplateResponse(
            request, "admin/participation/call/lottery.html", context, status=status
        )

    def lottery_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Enter the seed (GET form, POST draws an unconfirmed run and shows it)."""
        call = self._call(request, pk)
        form = SeedForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                run = seats.run_lottery(call=call, seed=form.cleaned_data["seed"], by=request.user)  # type: ignore[arg-type]
            except ActionRefused as error:
                form.add_error(None, error)
            else:
                return HttpResponseRedirect(
                    reverse("admin:participation_call_lottery_confirm", args=[call.pk, run.pk])
                )
        return self._page(request, call, status=400 if form.errors else 200, form=form)

    def confirm_view(self, request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
        """Show a drawn result; POST makes it final."""
        call = self._call(request, pk)
        run = get_object_or_404(LotteryRun, pk=run_pk, call=call)
        if request.method == "POST":
            try:
                members = seats.confirm_lottery(run=run)
            except ActionRefused as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext(
                        "The lottery is final; %(count)s drawn applicants have a seat. "
                        "Record their consent before their names are published."
                    )
                    % {"count": len(members)},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:participation_call_change", args=[call.pk])
                )
        return self._page(request, call, run=run, drawn=run.drawn(), successors=run.successors())


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["number", "call", "pool", "state", "rank", "created"]
    list_filter = ["call", "pool", "state"]
    list_select_related = ["call", "pool"]
    search_fields = ["=number"]
    readonly_fields = [
        "call", "pool", "number", "name", "contact", "birth_year", "age_confirmed",
        "residence_confirmed", "rank", "created",
    ]  # fmt: skip
    fields = [*readonly_fields[:3], "state", *readonly_fields[3:]]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Applications come through the public form, which numbers them and checks the rules.
        return False


@admin.register(LotteryRun)
class LotteryRunAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["call", "run_at", "seed", "confirmed", "confirmed_at"]
    list_select_related = ["call"]
    list_filter = ["confirmed", "call"]
    readonly_fields = [
        "call", "seed", "algorithm_version", "run_at", "run_by", "pools", "result",
        "confirmed", "confirmed_at",
    ]  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[LotteryRun]) -> None:
        queryset.filter(confirmed=False).delete()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A confirmed draw is the public record; unconfirmed trial runs may go.
        if obj is not None and obj.confirmed:
            return False
        return super().has_delete_permission(request, obj)
