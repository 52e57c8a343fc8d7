from django.urls import path

from decentwork.privacy import views

app_name = "privacy"
urlpatterns = [
    path("me/export/", views.export_page, name="export"),
    path("me/export.json", views.export_json, name="export_json"),
    path("me/consents/", views.consents, name="consents"),
    path("me/consents/<str:scope>/withdraw/", views.withdraw, name="withdraw_consent"),
    path("me/erasure/", views.erasure, name="erasure"),
    path("me/erasure/cancel/", views.cancel, name="cancel_erasure"),
]
