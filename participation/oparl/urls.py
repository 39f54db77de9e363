"""Addresses of the OParl endpoint (included under /oparl/v1/ in config/urls.py).

Lists and objects use the specification's camelCase names (``agendaItem``). Anything
else under the prefix answers a JSON 404, not the HTML error page.
"""

from django.urls import path, re_path

from participation.oparl import views

app_name = "oparl"

LISTS = ["organization", "person", "membership", "meeting", "agendaItem", "file"]
LISTS += ["legislativeTerm", "paper"]
OBJECTS = ["organization", "person", "membership", "meeting", "agendaItem", "file"]
OBJECTS += ["legislativeTerm"]

urlpatterns = [
    path("system", views.system, name="system"),
    path("body", views.bodies, name="bodies"),
    path("body/<id:body>", views.body, name="body"),
    *(
        path(f"body/<id:body>/{name}", views.body_list, {"list_name": name}, name=f"{name}_list")
        for name in LISTS
    ),
    path("organization/<id:pk>/meeting", views.organization_meetings, name="organization_meetings"),
    *(path(f"{name}/<id:pk>", views.detail, {"kind_name": name}, name=name) for name in OBJECTS),
    path("location/<id:pk>", views.location, name="location"),
    re_path(r"^(?P<rest>.*)$", views.not_found, name="not_found"),
]
