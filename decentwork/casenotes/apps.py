from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasenotesConfig(AppConfig):
    name = "decentwork.casenotes"
    verbose_name = _("Case notes")
