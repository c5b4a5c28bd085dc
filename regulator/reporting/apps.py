from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "regulator.reporting"
    label = "reporting"
