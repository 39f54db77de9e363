from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidelinesConfig(AppConfig):
    name = "guidelines"
    verbose_name = _("Guideline documents")

    def ready(self) -> None:
        from guidelines import account, data_export, demo, demo_evaluation, home, invalidation
        from guidelines.models import Document
        from participation import account as my_account
        from participation import data_export as personal_data
        from participation import demo as demo_registry
        from participation import follows
        from participation import home as home_sections
        from participation.board import invalidation as board_pages

        personal_data.register("comments", data_export.comments_of)
        demo_registry.register(demo.seed)
        demo_registry.register(demo_evaluation.seed)
        follows.register("document", Document.objects.public)
        invalidation.connect()
        my_account.register(
            "comments",
            template="guidelines/_account_comments.html",
            context=account.my_comments,
            position=10,
        )
        # A meeting page that links a guideline document shows its title.
        board_pages.link_generations(invalidation.CONTENT)
        # First on the start page: what residents can take part in now (the Vorhabenliste
        # is at 20, the board at 30).
        home_sections.register(
            "guidelines",
            template="guidelines/_home_section.html",
            context=home.section,
            position=10,
        )
