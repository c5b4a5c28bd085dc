from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "regulator.records"
    label = "records"
