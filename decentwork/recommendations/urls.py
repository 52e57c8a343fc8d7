from django.urls import path

from decentwork.recommendations import views

app_name = "recommendations"
urlpatterns = [
    path("seekers/<int:seeker_id>/", views.seeker_recommendations,
         name="seeker_recommendations"),
    path("seekers/<int:seeker_id>/details/", views.seeker_recommendation_details,
         name="seeker_recommendation_details"),
    path("vacancies/<int:vacancy_id>/candidates/", views.vacancy_candidates,
         name="vacancy_candidates"),
    path("<int:recommendation_id>/apply/", views.apply_from_recommendation,
         name="apply_from_recommendation"),
    path("<int:recommendation_id>/refer/", views.refer_from_recommendation,
         name="refer_from_recommendation"),
    path("<int:recommendation_id>/invite/", views.invite_from_recommendation,
         name="invite_from_recommendation"),
    path("runs/", views.runs, name="runs"),
    path("regions/<int:region_id>/runs/", views.region_runs, name="region_runs"),
    path("runs/<int:region_id>/report/", views.region_report, name="region_report"),
]
