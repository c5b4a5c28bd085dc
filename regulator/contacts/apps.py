from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "regulator.contacts"
    label = "contacts"

    def ready(self) -> None:
        from regulator.contacts.staff_work import staff_work
        from regulator.identity.types import STAFF_WORK

        STAFF_WORK.subscribe(staff_work)
