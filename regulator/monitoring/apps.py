from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "regulator.monitoring"
    label = "monitoring"

    def ready(self) -> None:
        from regulator.monitoring import rules  # noqa: F401  (registers the permissions)
        from regulator.monitoring.hooks import connect

        connect()
