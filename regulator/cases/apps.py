from importlib import import_module

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "regulator.cases"
    label = "cases"

    def ready(self) -> None:
        # Its named permissions exist once the module has run.
        import_module("regulator.cases.rules")
        from regulator.cases.hooks import connect

        connect()
