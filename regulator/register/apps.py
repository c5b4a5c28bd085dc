from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "regulator.register"
    label = "register"

    def ready(self) -> None:
        from regulator.identity.types import ACCOUNT_SECTIONS
        from regulator.register.account import memberships_section

        ACCOUNT_SECTIONS.subscribe(memberships_section)

        from regulator.identity.types import STAFF_WORK
        from regulator.register.staff_work import staff_work

        STAFF_WORK.subscribe(staff_work)
