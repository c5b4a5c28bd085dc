from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "regulator.audit"
    label = "audit"
