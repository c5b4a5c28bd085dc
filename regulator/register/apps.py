from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "regulator.register"
    label = "register"
