from django.urls import path

from decentwork.staff import views

app_name = "staff"
urlpatterns = [
    path("", views.home, name="home"),
    path("people/", views.staff_list, name="list"),
    path("people/<int:user_id>/", views.edit, name="edit"),
    path("people/<int:user_id>/deactivate/", views.deactivate, name="deactivate"),
    path("people/<int:user_id>/reactivate/", views.reactivate, name="reactivate"),
    path("people/<int:user_id>/unlock/", views.unlock, name="unlock"),
    path("invite/", views.invite, name="invite"),
    path("join/<str:token>/", views.accept, name="accept"),
]
