from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "regulator.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from regulator.audit import checks  # noqa: F401  (registers the system checks)
        from regulator.audit.backup import AuditBackupPart
        from regulator.core.backup import backup_part_register

        backup_part_register(AuditBackupPart())
