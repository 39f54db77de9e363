from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Participation")

    def ready(self) -> None:
        from django.conf import settings
        from django.contrib import admin
        from django.utils.text import format_lazy

        from participation import data_export, demo, follows, home, pages
        from participation.board import data_export as board_data
        from participation.board import demo as board_demo
        from participation.board import home as board_home
        from participation.board import invalidation as board_invalidation
        from participation.models import Board, Page

        admin.site.site_header = format_lazy(
            _("{site} {city}: administration"), site=settings.SITE_NAME, city=settings.CITY_NAME
        )
        admin.site.site_title = format_lazy(
            "{site} {city}", site=settings.SITE_NAME, city=settings.CITY_NAME
        )
        admin.site.index_title = _("Staff area")

        # Last: its agenda links a guideline document that the guidelines demo creates.
        demo.register(board_demo.seed, position=90)
        follows.register("board", Board.objects.all)
        home.register(
            name="board",
            template="participation/board/_home_section.html",
            context=board_home.section,
            position=30,
        )
        data_export.register("board_memberships", board_data.memberships_of)
        pages.connect(Page)
        board_invalidation.connect()
        # Connects the receivers that record OParl tombstones (participation/oparl/tombstones.py).
        from participation.oparl import tombstones  # noqa: F401
