from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "regulator.disclosure"
    label = "disclosure"
