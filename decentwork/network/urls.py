from django.urls import path

from decentwork.network import views

app_name = "network"
urlpatterns = [path("overview/", views.site_overview, name="site_overview")]
