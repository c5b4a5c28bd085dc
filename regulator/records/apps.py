from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "regulator.records"
    label = "records"

    def ready(self) -> None:
        from regulator.identity.types import STAFF_WORK
        from regulator.records.staff_work import staff_work

        STAFF_WORK.subscribe(staff_work)
