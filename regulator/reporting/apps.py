from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "regulator.reporting"
    label = "reporting"

    def ready(self) -> None:
        from regulator.identity.types import STAFF_WORK
        from regulator.reporting.staff_work import staff_work

        STAFF_WORK.subscribe(staff_work)
