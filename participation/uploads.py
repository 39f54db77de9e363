"""Safe image uploads for staff Markdown.

Only JPEG and PNG are accepted. Type and extension come from the decoded image, never
from the client's name or content type. The image is re-encoded, which also drops
metadata such as GPS positions, and stored under a random name.
"""

import uuid
import warnings
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

FORMATS = {"JPEG": "jpg", "PNG": "png"}
MAX_EDGE = 2000


def store_image(upload: UploadedFile) -> str:
    """Validate, re-encode and store an uploaded image; return its public URL."""
    if upload.size is None or upload.size > settings.MARKDOWNX_UPLOAD_MAX_SIZE:
        raise ValidationError(_("The image must not be larger than 5 MB."), code="too_large")
    data = upload.read(settings.MARKDOWNX_UPLOAD_MAX_SIZE + 1)
    if len(data) > settings.MARKDOWNX_UPLOAD_MAX_SIZE:
        raise ValidationError(_("The image must not be larger than 5 MB."), code="too_large")

    Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as probe:
                probe.verify()
            image: Image.Image = Image.open(BytesIO(data))
            image_format = image.format or ""
            if image_format not in FORMATS:
                raise ValidationError(_("Only JPEG and PNG images are allowed."), code="type")
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("The image has too many pixels."), code="too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("This file is not a valid JPEG or PNG image."), code="invalid"
        ) from None

    image.thumbnail((MAX_EDGE, MAX_EDGE))
    if image_format == "JPEG" and image.mode not in {"RGB", "L"}:
        image = image.convert("RGB")
    output = BytesIO()
    image.save(output, format=image_format, optimize=True)
    name = f"{settings.MARKDOWNX_MEDIA_PATH}{uuid.uuid4().hex}.{FORMATS[image_format]}"
    stored = default_storage.save(name, ContentFile(output.getvalue()))
    return default_storage.url(stored)
