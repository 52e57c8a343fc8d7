from django.urls import path

from decentwork.casenotes import views

app_name = "casenotes"
urlpatterns = [
    path("seekers/<int:seeker_id>/", views.seeker_notes, name="seeker"),
]
