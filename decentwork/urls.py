from django.contrib import admin
from django.urls import include, path

from decentwork.accounts.views import home
from decentwork.api import api, api_docs
from decentwork.health import health

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("decentwork.accounts.urls")),
    path("seekers/", include("decentwork.seekers.urls")),
    path("employers/", include("decentwork.employers.urls")),
    path("applications/", include("decentwork.applications.urls")),
    path("recommendations/", include("decentwork.recommendations.urls")),
    path("casework/", include("decentwork.casework.urls")),
    path("agenda/", include("decentwork.agenda.urls")),
    path("casenotes/", include("decentwork.casenotes.urls")),
    path("followup/", include("decentwork.followup.urls")),
    path("assistance/", include("decentwork.assistance.urls")),
    path("insights/", include("decentwork.insights.urls")),
    path("inbox/", include("decentwork.inbox.urls")),
    path("taxonomy/", include("decentwork.taxonomy.urls")),
    path("privacy/", include("decentwork.privacy.urls")),
    path("staff/", include("decentwork.staff.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/docs", api_docs, name="api_docs"),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
]
