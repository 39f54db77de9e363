from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Vorhabenliste")

    def ready(self) -> None:
        from participation import data_export as personal_data
        from participation import demo as demo_registry
        from participation import follows, home
        from participation.board import agenda_links
        from participation.board import invalidation as board_pages
        from projects import data_export, demo, invalidation
        from projects.agenda import requests_on_agenda
        from projects.home import home_context
        from projects.models import District, Project, Topic

        follows.register("project", Project.objects.public)
        follows.register("district", District.objects.all)
        follows.register("topic", Topic.objects.all)
        personal_data.register("projects", data_export.requests_of)
        agenda_links.register(requests_on_agenda)
        invalidation.connect()
        # Meeting pages name entries and Anregungen on their agenda.
        board_pages.link_generations(invalidation.CONTENT, invalidation.REQUESTS)
        # After the board's demo (position 90): an Anregung links an item of its next meeting.
        demo_registry.register(demo.seed, position=95)
        home.register(
            "projects",
            template="projects/_home_section.html",
            context=home_context,
            position=20,
        )
