from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Participation")

    def ready(self) -> None:
        from django.conf import settings
        from django.contrib import admin
        from django.utils.text import format_lazy

        admin.site.site_header = format_lazy(
            _("{site} {city}: administration"), site=settings.SITE_NAME, city=settings.CITY_NAME
        )
        admin.site.site_title = format_lazy(
            "{site} {city}", site=settings.SITE_NAME, city=settings.CITY_NAME
        )
        admin.site.index_title = _("Staff area")
