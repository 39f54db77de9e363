from django.urls import path  # noqa: F401  (patterns are added with the views)

app_name = "projects"

urlpatterns: list = []  # type: ignore[type-arg]
