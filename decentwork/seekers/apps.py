from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeekersConfig(AppConfig):
    name = "decentwork.seekers"
    verbose_name = _("Seekers")
