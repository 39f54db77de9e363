from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path, register_converter
from django.views.decorators.cache import cache_control
from django.views.i18n import JavaScriptCatalog

from participation import views as participation_views
from participation.converters import IdConverter

register_converter(IdConverter, "id")

# Admin sign-in goes through allauth's login, so its rate limits and email
# verification also protect the admin.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]


@cache_control(public=True, max_age=24 * 60 * 60)
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers, feed readers and the admin (whose pages name no icon) ask for /favicon.ico;
    the icon itself is a static file, served with its hashed name and long cache by whitenoise.
    Not permanent: the hashed name changes when the icon does."""
    return HttpResponseRedirect(static("img/favicon.ico"))


# The most read pages first: Django tries the patterns in order, and every include that
# does not match costs a pass over its patterns (a tenth of a cached page's time when the
# guideline pages came after the start page's group). No two prefixes overlap.
urlpatterns = [
    path("leitlinien/", include("guidelines.urls")),
    path("vorhaben/", include("projects.urls")),
    path("", include("participation.urls")),
    path("konto/", include("allauth.urls")),
    path("markdownx/", include("participation.markdownx_urls")),
    path("oparl/v1/", include("participation.oparl.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sprache/", participation_views.switch_language, name="switch_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("healthz", participation_views.healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    # Uploaded images; a reverse proxy or object storage may serve them instead with the
    # same headers (docs/operations.md).
    path("media/<path:path>", participation_views.media, name="media"),
]

handler400 = "participation.views.bad_request"
handler403 = "participation.views.permission_denied"
handler404 = "participation.views.page_not_found"
handler500 = "participation.views.server_error"
# allauth answers its rate limits through this handler.
handler429 = "participation.views.too_many_requests"
