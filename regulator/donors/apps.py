from django.apps import AppConfig


class DonorsConfig(AppConfig):
    name = "regulator.donors"
    label = "donors"
