from django.apps import AppConfig


class FilingsConfig(AppConfig):
    name = "regulator.filings"
    label = "filings"

    def ready(self) -> None:
        # Guidance (below filings) shows the figures in force and computes due dates
        # through its hooks: filings answers them (see guidance_hooks.py).
        from regulator.filings import guidance_hooks
        from regulator.guidance import types as guidance_types

        guidance_types.FIGURE_PROVIDERS.subscribe(guidance_hooks.figure_provide)
        guidance_types.FIGURE_HISTORY_PROVIDERS.subscribe(guidance_hooks.figure_history_provide)
        guidance_types.DEADLINE_CALCULATORS.subscribe(guidance_hooks.deadline_calculate)

        from regulator.filings.staff_work import staff_work
        from regulator.identity.types import STAFF_WORK

        STAFF_WORK.subscribe(staff_work)
