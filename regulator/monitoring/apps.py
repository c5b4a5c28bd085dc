from importlib import import_module

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "regulator.monitoring"
    label = "monitoring"

    def ready(self) -> None:
        # Its named permissions exist once the module has run.
        import_module("regulator.monitoring.rules")
        from regulator.monitoring.hooks import connect

        connect()
