from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "regulator.cases"
    label = "cases"

    def ready(self) -> None:
        from regulator.cases import rules  # noqa: F401  (registers the permissions)
        from regulator.cases.hooks import connect

        connect()
