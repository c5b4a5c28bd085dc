from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "regulator.identity"
    label = "identity"
