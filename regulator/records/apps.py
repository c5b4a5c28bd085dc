from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "regulator.records"
    label = "records"

    def ready(self) -> None:
        from regulator.audit.types import CHECKPOINT_WRITTEN
        from regulator.identity.types import STAFF_WORK
        from regulator.records.checkpoints import checkpoint_declare
        from regulator.records.staff_work import staff_work

        STAFF_WORK.subscribe(staff_work)
        CHECKPOINT_WRITTEN.subscribe(checkpoint_declare)
