from django.urls import path

from decentwork.followup import views

app_name = "followup"
urlpatterns = [
    path("me/", views.mine, name="mine"),
    path("seekers/<int:seeker_id>/", views.seeker, name="seeker"),
    path("<int:follow_up_id>/answer/", views.answer, name="answer"),
]
