from django.urls import path

from guidelines import views
from guidelines.views import objections

app_name = "guidelines"

paragraph = "<slug:slug>/fassung/<id:pk>/absatz/<str:key>/"
comment = paragraph + "kommentar/<id:comment_id>/"

urlpatterns = [
    path("", views.document_list, name="document_list"),
    # Before the document pages, whose slug would take these names.
    path("einsprueche/", objections.my_decisions, name="my_decisions"),
    path("einsprueche/<str:token>/", objections.objection, name="objection"),
    path("<slug:slug>/", views.document_detail, name="document"),
    path("<slug:slug>/fassung/<id:pk>/", views.version_detail, name="version"),
    path("<slug:slug>/fassung/<id:pk>/kommentiert/", views.commented_version, name="commented"),
    path("<slug:slug>/vergleich/", views.compare_versions, name="compare"),
    path(
        "<slug:slug>/fassung/<id:pk>/export.csv",
        views.exports.export_csv,
        name="export_csv",
    ),
    path(
        "<slug:slug>/fassung/<id:pk>/export.xlsx",
        views.exports.export_xlsx,
        name="export_xlsx",
    ),
    path(
        "<slug:slug>/fassung/<id:pk>/export-intern.csv",
        views.exports.export_internal_csv,
        name="export_internal_csv",
    ),
    path(
        "<slug:slug>/fassung/<id:pk>/export-intern.xlsx",
        views.exports.export_internal_xlsx,
        name="export_internal_xlsx",
    ),
    path(
        "<slug:slug>/fassung/<id:pk>/bericht/",
        views.exports.version_report,
        name="version_report",
    ),
    path(paragraph, views.paragraph_detail, name="paragraph"),
    path(paragraph + "kommentieren/", views.comment_create, name="comment"),
    path(comment + "antworten/", views.comment_reply, name="reply"),
    path(comment + "bearbeiten/", views.comment_edit, name="edit"),
    path(comment + "zurueckziehen/", views.comment_withdraw, name="withdraw"),
    path(comment + "zustimmen/", views.comment_support, name="support"),
    path(comment + "melden/", views.comment_report, name="report"),
]
