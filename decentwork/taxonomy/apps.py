from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "decentwork.taxonomy"
    verbose_name = _("Taxonomy")

    def ready(self) -> None:
        # Register the tasks with Celery in every process: link_index queues the rebuild
        # by name, and a name Celery does not know would be sent to a broker even in
        # eager mode.
        from decentwork.taxonomy import tasks  # noqa: F401
