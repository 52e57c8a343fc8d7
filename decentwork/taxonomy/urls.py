from django.urls import path

from decentwork.taxonomy import views

app_name = "taxonomy"
urlpatterns = [
    path("feedback/", views.feedback_review, name="feedback_review"),
]
