from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "regulator.core"
    label = "core"
