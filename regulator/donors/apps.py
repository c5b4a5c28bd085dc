from django.apps import AppConfig


class DonorsConfig(AppConfig):
    name = "regulator.donors"
    label = "donors"

    def ready(self) -> None:
        from regulator.donors.services import published_change_received
        from regulator.finance.types import PUBLISHED_CHANGED

        PUBLISHED_CHANGED.subscribe(published_change_received)

        from regulator.donors.selectors import donor_histories
        from regulator.finance.types import DONOR_HISTORIES

        DONOR_HISTORIES.subscribe(donor_histories)

        from regulator.donors.staff_work import staff_work
        from regulator.identity.types import STAFF_WORK

        STAFF_WORK.subscribe(staff_work)
