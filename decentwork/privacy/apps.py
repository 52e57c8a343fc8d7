from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "decentwork.privacy"
    verbose_name = _("Data rights")

    def ready(self) -> None:
        # Register the erasure task in every process (beat queues it by name).
        from decentwork.privacy import tasks  # noqa: F401
