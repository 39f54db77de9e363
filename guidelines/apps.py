from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidelinesConfig(AppConfig):
    name = "guidelines"
    verbose_name = _("Guideline documents")

    def ready(self) -> None:
        from guidelines import data_export, demo, demo_evaluation, invalidation
        from guidelines.models import Document
        from participation import data_export as personal_data
        from participation import demo as demo_registry
        from participation import follows

        personal_data.register("comments", data_export.comments_of)
        demo_registry.register(demo.seed)
        demo_registry.register(demo_evaluation.seed)
        follows.register("document", Document.objects.public)
        invalidation.connect()
