from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "regulator.guidance"
    label = "guidance"
