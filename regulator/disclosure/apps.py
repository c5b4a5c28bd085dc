from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "regulator.disclosure"
    label = "disclosure"

    def ready(self) -> None:
        # Publication announces its changes after commit; subscriptions and webhooks
        # learn of them here (finance and guidance sit below disclosure).
        from regulator.disclosure.services import subscriptions
        from regulator.finance.types import PUBLISHED_CHANGED
        from regulator.guidance.types import GUIDANCE_PUBLISHED

        PUBLISHED_CHANGED.subscribe(subscriptions.publication_change_record)
        GUIDANCE_PUBLISHED.subscribe(subscriptions.guidance_change_record)

        from regulator.disclosure.staff_work import staff_work
        from regulator.identity.types import STAFF_WORK

        STAFF_WORK.subscribe(staff_work)
