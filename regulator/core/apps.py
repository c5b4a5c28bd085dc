from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "regulator.core"
    label = "core"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from regulator.core.sqlite import wal_on_connect

        connection_created.connect(wal_on_connect, dispatch_uid="regulator.core.sqlite.wal")
