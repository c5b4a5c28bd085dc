from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "regulator.finance"
    label = "finance"
