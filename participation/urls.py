from django.urls import path

from participation import views

app_name = "participation"

urlpatterns = [
    path("", views.home, name="home"),
    path("seite/<slug:slug>/", views.page, name="page"),
    path("konto/mein-konto/", views.account, name="account"),
    path("konto/mein-konto/daten/", views.account_export, name="account_export"),
    path("konto/mein-konto/loeschen/", views.account_delete, name="account_delete"),
]
