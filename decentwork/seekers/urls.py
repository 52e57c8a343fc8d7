from django.urls import path

from decentwork.seekers import views

app_name = "seekers"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("sign-up/", views.sign_up, name="sign_up"),
    path("join/<str:token>/", views.join, name="join"),
    path("invite/", views.invite, name="invite"),
    path("me/", views.my_profile, name="my_profile"),
    path("me/consents/", views.my_consents, name="my_consents"),
    path("<int:seeker_id>/", views.seeker_detail, name="seeker_detail"),
    path("<int:seeker_id>/invite/", views.invite_existing, name="invite_existing"),
    path("<int:seeker_id>/experience/new/", views.add_experience, name="add_experience"),
    path("<int:seeker_id>/experience/<int:experience_id>/", views.edit_experience,
         name="edit_experience"),
    path("<int:seeker_id>/skills/", views.edit_skills, name="edit_skills"),
    path("<int:seeker_id>/languages/", views.edit_languages, name="edit_languages"),
    path("<int:seeker_id>/preferences/", views.edit_preferences, name="edit_preferences"),
    path("<int:seeker_id>/accommodations/", views.edit_accommodations,
         name="edit_accommodations"),
    path("<int:seeker_id>/consents/", views.consents, name="consents"),
]
