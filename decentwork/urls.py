from django.contrib import admin
from django.urls import include, path

from decentwork.accounts.views import home
from decentwork.api import api

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("decentwork.accounts.urls")),
    path("seekers/", include("decentwork.seekers.urls")),
    path("employers/", include("decentwork.employers.urls")),
    path("applications/", include("decentwork.applications.urls")),
    path("recommendations/", include("decentwork.recommendations.urls")),
    path("insights/", include("decentwork.insights.urls")),
    path("inbox/", include("decentwork.inbox.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
