from django.urls import path

from decentwork.applications import views

app_name = "applications"
urlpatterns = [
    path("", views.application_list, name="mine"),
    path("<int:application_id>/", views.application_detail, name="detail"),
    path("<int:application_id>/seen/", views.take_step, {"name": "mark_seen"},
         name="mark_seen"),
    path("<int:application_id>/interview/", views.take_step, {"name": "plan_interview"},
         name="plan_interview"),
    path("<int:application_id>/refuse/", views.take_step, {"name": "refuse"}, name="refuse"),
    path("<int:application_id>/withdraw/", views.take_step, {"name": "withdraw"},
         name="withdraw"),
    path("<int:application_id>/hire/", views.hire, name="hire"),
    path("apply/<int:vacancy_id>/", views.apply, name="apply"),
    path("vacancy/<int:vacancy_id>/", views.vacancy_applications, name="vacancy"),
    path("vacancy/<int:vacancy_id>/close/", views.close_vacancy_page, name="close_vacancy"),
    path("seeker/<int:seeker_id>/", views.seeker_applications, name="seeker"),
    path("seeker/<int:seeker_id>/placements/new/", views.new_placement, name="new_placement"),
    path("seeker/<int:seeker_id>/placements/<int:placement_id>/end/", views.end_placement_page,
         name="end_placement"),
]
