from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "decentwork.audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        # Sign-ins, failures, lockouts and second-factor events (ADR 0014).
        from decentwork.audit import receivers  # noqa: F401
