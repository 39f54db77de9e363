from django.urls import path

from participation import notification_views, views
from participation.board.urls import board_urlpatterns

app_name = "participation"

urlpatterns = [
    path("", views.home, name="home"),
    path("seite/<slug:slug>/", views.page, name="page"),
    path("konto/mein-konto/", views.account, name="account"),
    path("konto/mein-konto/daten/", views.account_export, name="account_export"),
    path("konto/mein-konto/loeschen/", views.account_delete, name="account_delete"),
    path(
        "konto/benachrichtigungen/",
        notification_views.preferences,
        name="notification_preferences",
    ),
    path("folgen/<slug:kind>/<id:pk>/", notification_views.follow, name="follow"),
    path("abmelden/<str:token>/", notification_views.unsubscribe, name="unsubscribe"),
    path(
        "abmelden/<str:token>/rueckgaengig/",
        notification_views.undo_unsubscribe,
        name="unsubscribe_undo",
    ),
    path("abonnieren/<slug:topic>/", notification_views.subscribe, name="subscribe"),
    path(
        "abonnieren/bestaetigen/<str:token>/",
        notification_views.confirm_subscription,
        name="confirm_subscription",
    ),
    *board_urlpatterns,
]
