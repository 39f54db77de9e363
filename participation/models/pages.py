from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField

from participation.markdown import RendersMarkdown


class Page(RendersMarkdown):
    """A legal or explanatory page that staff edit in admin (Impressum, Datenschutz, …).

    The German text is required; the English one is optional and falls back to German.
    """

    class Slug(models.TextChoices):
        IMPRESSUM = "impressum", _("Legal notice (Impressum)")
        PRIVACY = "datenschutz", _("Privacy notice")
        ACCESSIBILITY = "barrierefreiheit", _("Accessibility statement")
        EASY_LANGUAGE = "leichte-sprache", _("Easy-to-read German (Leichte Sprache)")
        TERMS = "nutzungsbedingungen", _("Terms of use")

    slug = models.SlugField(_("page"), max_length=40, choices=Slug.choices, unique=True)
    title = models.CharField(_("title (German)"), max_length=200)
    body = MarkdownxField(_("text (German, Markdown)"))
    body_html = models.TextField(editable=False, default="")
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body_en = MarkdownxField(_("text (English, Markdown)"), blank=True)
    body_en_html = models.TextField(editable=False, default="")
    version = models.CharField(
        _("version"),
        max_length=20,
        default="1",
        help_text=_(
            "Raise it when the terms of use or the privacy notice change materially; "
            "consents record the version they were given for."
        ),
    )
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    rendered_fields = {"body": "body_html", "body_en": "body_en_html"}

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:page", kwargs={"slug": self.slug})

    def localized(self) -> tuple[str, str, str]:
        """(title, html, language) in the reader's language, falling back to German."""
        if get_language() == "en" and self.body_en.strip():
            return self.title_en or self.title, self.body_en_html, "en"
        return self.title, self.body_html, "de"
