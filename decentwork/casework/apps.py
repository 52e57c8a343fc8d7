from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "decentwork.casework"
    verbose_name = _("Casework")

    def ready(self) -> None:
        # Register the reminders task in every process (beat queues it by name).
        from decentwork.casework import tasks  # noqa: F401
