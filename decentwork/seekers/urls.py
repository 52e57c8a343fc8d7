from django.urls import path

from decentwork.seekers import views

app_name = "seekers"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("me/", views.my_profile, name="my_profile"),
    path("<int:seeker_id>/", views.seeker_detail, name="seeker_detail"),
    path("<int:seeker_id>/experience/new/", views.add_experience, name="add_experience"),
]
