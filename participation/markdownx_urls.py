"""django-markdownx's two endpoints, replaced by staff-only, rate-limited versions."""

from allauth.core.ratelimit import consume_or_429
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.urls import path
from django.views.decorators.http import require_POST

from participation.markdown import render_markdown
from participation.uploads import store_image


@staff_member_required
@require_POST
def preview(request: HttpRequest) -> HttpResponse:
    limited = consume_or_429(request, action="markdown_preview", user=request.user)
    if limited:
        return limited
    content = request.POST.get("content")
    if content is None:
        return HttpResponseBadRequest("content is required")
    return HttpResponse(render_markdown(content))


@staff_member_required
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    limited = consume_or_429(request, action="image_upload", user=request.user)
    if limited:
        return limited
    image = request.FILES.get("image")
    if image is None:
        return JsonResponse({"image": ["No image was sent."]}, status=400)
    try:
        url = store_image(image)
    except ValidationError as error:
        return JsonResponse({"image": error.messages}, status=400)
    return JsonResponse({"image_code": f"![]({url})"})


urlpatterns = [
    path("upload/", upload, name="markdownx_upload"),
    path("markdownify/", preview, name="markdownx_markdownify"),
]
