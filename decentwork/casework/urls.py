from django.urls import path

from decentwork.casework import views

app_name = "casework"
urlpatterns = [
    path("today/", views.today, name="today"),
    path("rules/", views.site_rules, name="site_rules"),
    path("me/", views.my_plan, name="my_plan"),
    path("seekers/<int:seeker_id>/", views.seeker, name="seeker"),
    path("seekers/<int:seeker_id>/assessment/new/", views.new_assessment,
         name="new_assessment"),
    path("seekers/<int:seeker_id>/plan/", views.plan, name="plan"),
    path("seekers/<int:seeker_id>/plan/steps/", views.new_step, name="add_step"),
    path("seekers/<int:seeker_id>/offers/", views.offer, name="offer_place"),
    path("steps/<int:step_id>/<slug:name>/", views.step_change, name="change_step"),
    path("participations/<int:participation_id>/<slug:name>/", views.participation_change,
         name="change_participation"),
]
