from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "regulator.guidance"
    label = "guidance"

    def ready(self) -> None:
        from regulator.guidance.staff_work import staff_work
        from regulator.identity.types import STAFF_WORK

        STAFF_WORK.subscribe(staff_work)
