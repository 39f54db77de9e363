import json
import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_safe
from kombu import Connection

from participation import account as account_sections
from participation import data_export, follows, pagecache, services, subscriptions
from participation import home as home_sections
from participation.forms import DeleteAccountForm, ProfileForm
from participation.models import Event, Frequency, Page, User
from participation.page_templates import HOME_EASY_LANGUAGE_SUMMARY
from participation.pages import page_generations

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "participation/home.html",
        {
            "easy_language_summary": HOME_EASY_LANGUAGE_SUMMARY["de"].split("\n"),
            "sections": home_sections.sections(request),
        },
    )


@require_safe
@pagecache.public_page(page_generations, signed_in=True)
def page(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(Page, slug=slug)
    title, html, language = page.localized()
    return render(
        request,
        "participation/page_detail.html",
        {"page": page, "title": title, "html": html, "content_language": language},
    )


@require_safe
@never_cache  # it sets the reader's cookie: no shared cache may keep the redirect
def switch_language(request: HttpRequest) -> HttpResponseRedirect:
    """Remember the chosen language in its cookie and go back to the page it was chosen on.

    A GET form instead of Django's ``set_language`` (a POST with a CSRF token): the token
    would make every page personal, so no page could be kept by a shared cache. Choosing
    a language changes nothing but this preference, and ``next`` must be an address on
    this site (anything else goes to the start page).
    """
    next_url = request.GET.get("next", "")
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("participation:home")
    response = HttpResponseRedirect(next_url)
    language = request.GET.get("language", "")
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]  # "Lax"
        )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("participation:account")
    status = 400 if form.errors else 200
    context = {
        "form": form,
        "sections": account_sections.sections(request),
        "follows": follows.followed_by(user),
        "notification_settings": [
            (Event(event).label, Frequency(frequency).label)
            for event, frequency in subscriptions.frequencies_of(user.pk).items()
        ],
    }
    return render(request, "participation/account.html", context, status=status)


@login_required
@require_GET
@never_cache
def account_export(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    payload = {
        "exported_at": timezone.now().isoformat(),
        "site": f"{settings.SITE_NAME} {settings.CITY_NAME}",
        **data_export.collect(user),
    }
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="stadtdialog-meine-daten.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.delete_account(user=user, request=request)
        messages.success(request, _("Your account has been deleted."))
        return redirect("participation:home")
    status = 400 if form.errors else 200
    return render(request, "participation/account_delete.html", {"form": form}, status=status)


def _may_see_health_details(request: HttpRequest) -> bool:
    token = settings.HEALTHZ_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token and given and constant_time_compare(given, token):
        return True
    return bool(getattr(request, "user", None) and request.user.is_staff)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 or 503 for load balancers; which part failed only for staff or with the token.

    Without the cache every page still works, rendered instead of cached (and rate
    limits are not enforced): that is "degraded", 200, so that a load balancer keeps
    sending traffic; a missing database or broker is 503.
    """
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:
        logger.exception("health check: database")
        checks["database"] = "error"
    try:
        cache.set("healthz", "ok", 10)
        checks["cache"] = "ok" if cache.get("healthz") == "ok" else "degraded"
    except Exception:
        logger.exception("health check: cache")
        checks["cache"] = "degraded"
    if settings.CELERY_BROKER_URL:
        checks["broker"] = _check_broker()
    healthy = all(value == "ok" for name, value in checks.items() if name != "cache")
    overall = "ok" if checks["cache"] == "ok" else "degraded"
    status = 200 if healthy else 503
    if not _may_see_health_details(request):
        return JsonResponse({"status": overall if healthy else "unavailable"}, status=status)
    return JsonResponse(
        {"status": overall if healthy else "error", "checks": checks}, status=status
    )


def _check_broker() -> str:
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception:
        logger.exception("health check: broker")
        return "error"


# Free-text fields whose posted value an error page shows back, so that a person whose
# form failed (expired security token, lost permission, server error …) can copy what they
# typed. Only these names: never passwords, tokens or personal details.
KEPT_TEXT_FIELDS = {
    "text": gettext_lazy("Your text"),
    "details": gettext_lazy("Your details"),
    "reason": gettext_lazy("Your reason"),
    "reasoning": gettext_lazy("Your reasoning"),
}
KEPT_TEXT_MAX_LENGTH = 20_000


def kept_texts(request: HttpRequest) -> list[tuple[str, str]]:
    """(label, text) of what the person typed into the form whose sending failed."""
    if request.method != "POST":
        return []
    try:
        posted = request.POST
    except Exception:  # an unreadable or oversized body must not break the error page
        return []
    texts = []
    for name, label in KEPT_TEXT_FIELDS.items():
        value = posted.get(name, "")
        # A choice such as a report's reason ("1") is no text anyone would lose.
        if any(character.isalpha() for character in value):
            texts.append((str(label), value[:KEPT_TEXT_MAX_LENGTH]))
    return texts


def _error_page(
    request: HttpRequest, template: str, status: int, context: dict[str, Any] | None = None
) -> HttpResponse:
    context = {"kept_texts": kept_texts(request), **(context or {})}
    return render(request, template, context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path_info.startswith("/oparl/"):  # machine clients get the API's JSON error
        from participation.oparl.views import error

        return error(400, _("The request contains characters that cannot be processed."))
    return _error_page(request, "errors/400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Our views raise PermissionDenied with a sentence for the person, e.g. "Please
    # confirm your email address first."; Django's own carry none.
    message = str(exception) if exception is not None else ""
    return _error_page(request, "errors/403.html", 403, {"message": message})


def _same_site_referer(request: HttpRequest) -> str:
    """The page the form was sent from, if the browser names it and it is one of ours."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid security token, e.g. after the page sat open for long,
    after signing in or out in another tab, or with cookies blocked."""
    return _error_page(
        request, "errors/403_csrf.html", 403, {"form_url": _same_site_referer(request)}
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, "errors/404.html", 404)


def too_many_requests(request: HttpRequest) -> HttpResponse:
    """allauth's rate limits (sign-in, sign-up, password reset …) answer through this."""
    return _error_page(request, "errors/429.html", 429)


def method_not_allowed(request: HttpRequest) -> HttpResponse:
    """A form's target opened as a page, or a form sent to a page that takes none."""
    return _error_page(
        request, "errors/405.html", 405, {"opened": request.method in {"GET", "HEAD"}}
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _error_page(request, "errors/500.html", 500)


def media(request: HttpRequest, path: str) -> HttpResponseBase:
    """Serve uploaded files so that a browser never runs them as a page.

    Board documents (under ``beirat/``) are served only while they are public (see
    ``AttachmentQuerySet.public``) or to staff who may see them in the admin: a random
    file name alone is no permission.
    """
    from django.views.static import serve

    from participation.models import Attachment

    board_document = path.startswith("beirat/")
    if (
        board_document
        and not request.user.has_perm("participation.view_attachment")
        and not Attachment.objects.public().filter(file=path).exists()
    ):
        raise Http404
    try:
        response = serve(request, path, document_root=str(settings.MEDIA_ROOT))
    except OSError:  # e.g. a name longer than the file system allows
        raise Http404 from None
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
