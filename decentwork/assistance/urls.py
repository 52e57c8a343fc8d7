from django.urls import path

from decentwork.assistance import views

app_name = "assistance"
urlpatterns = [
    path("offices/", views.offices, name="offices"),
    path("seekers/<int:seeker_id>/", views.seeker, name="seeker"),
    path("spells/<int:spell_id>/end/", views.end, name="end"),
]
