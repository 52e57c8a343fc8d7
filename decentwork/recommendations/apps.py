from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "decentwork.recommendations"
    verbose_name = _("Recommendations")

    def ready(self) -> None:
        # Imported here: the receiver imports models, which are not loaded before ready().
        from decentwork.recommendations.receivers import forget_consent_in_runs
        from decentwork.seekers.signals import consent_withdrawn

        consent_withdrawn.connect(forget_consent_in_runs,
                                  dispatch_uid="recommendations.forget_consent_in_runs")
        # Register the tasks with Celery in every process: actions queue them by name,
        # and a name Celery does not know would be sent to a broker even in eager mode.
        from decentwork.recommendations import tasks  # noqa: F401
