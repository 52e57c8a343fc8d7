from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "decentwork.followup"
    verbose_name = _("Follow-up after placement")

    def ready(self) -> None:
        from decentwork.applications.signals import placement_recorded
        from decentwork.followup.receivers import schedule_on_placement

        placement_recorded.connect(schedule_on_placement,
                                   dispatch_uid="followup.schedule_on_placement")
