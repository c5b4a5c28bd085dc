from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "regulator.contacts"
    label = "contacts"
