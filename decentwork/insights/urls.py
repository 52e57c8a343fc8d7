from django.urls import path

from decentwork.insights import views

app_name = "insights"
urlpatterns = [path("overview/", views.site_overview, name="site_overview")]
