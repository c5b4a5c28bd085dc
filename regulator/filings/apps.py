from django.apps import AppConfig


class FilingsConfig(AppConfig):
    name = "regulator.filings"
    label = "filings"
