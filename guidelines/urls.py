from django.urls import path

from guidelines import views

app_name = "guidelines"

paragraph = "<slug:slug>/fassung/<int:pk>/absatz/<str:key>/"
comment = paragraph + "kommentar/<int:comment_id>/"

urlpatterns = [
    path("", views.document_list, name="document_list"),
    path("<slug:slug>/", views.document_detail, name="document"),
    path("<slug:slug>/fassung/<int:pk>/", views.version_detail, name="version"),
    path(paragraph, views.paragraph_detail, name="paragraph"),
    path(paragraph + "kommentieren/", views.comment_create, name="comment"),
    path(comment + "antworten/", views.comment_reply, name="reply"),
    path(comment + "bearbeiten/", views.comment_edit, name="edit"),
    path(comment + "zurueckziehen/", views.comment_withdraw, name="withdraw"),
    path(comment + "zustimmen/", views.comment_support, name="support"),
    path(comment + "melden/", views.comment_report, name="report"),
]
