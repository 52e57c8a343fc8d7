from django.urls import path

from decentwork.agenda import views

app_name = "agenda"
urlpatterns = [
    path("", views.agenda, name="agenda"),
    path("me/", views.my_appointments, name="mine"),
    path("seekers/<int:seeker_id>/", views.seeker_appointments, name="seeker"),
    path("<int:appointment_id>/", views.appointment_detail, name="detail"),
]
