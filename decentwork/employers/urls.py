from django.urls import path

from decentwork.employers import views

app_name = "employers"
urlpatterns = [
    path("vacancies/", views.vacancy_list, name="vacancy_list"),
    path("vacancies/new/", views.post_vacancy_form, name="post_vacancy"),
    path("vacancies/<int:vacancy_id>/", views.vacancy_detail, name="vacancy_detail"),
]
