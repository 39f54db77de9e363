"""Public addresses of the Vorhabenliste (German paths, mounted at /vorhaben/)."""

from django.urls import path

from projects.feeds import ProjectChangesFeed
from projects.views import actions, detail, listing, opendata

app_name = "projects"

urlpatterns = [
    path("", listing.project_list, name="project_list"),
    path("druck/", listing.project_print, name="project_print"),
    path("druck/<id:year>/<id:counter>/", listing.edition_print, name="edition_print"),
    path("daten/vorhabenliste.csv", opendata.export_csv, name="export_csv"),
    path("daten/vorhabenliste.json", opendata.export_json, name="export_json"),
    path("daten/vorhabenliste.geojson", opendata.export_geojson, name="export_geojson"),
    path("feed/", ProjectChangesFeed(), name="feed"),
    path("<slug:slug>/", detail.project_detail, name="project_detail"),
    path("<slug:slug>/anregung/", actions.request_create, name="request_create"),
    path(
        "<slug:slug>/anregung/<id:pk>/unterstuetzen/",
        actions.request_support,
        name="request_support",
    ),
]
