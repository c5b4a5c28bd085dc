from django.apps import AppConfig


class DirectoryIdpConfig(AppConfig):
    """The development staff directory: a real OpenID Connect provider (allauth.idp.oidc)
    run as its own process under config.settings.idp. Never part of the main service."""

    name = "regulator.identity.idp"
    label = "directory_idp"
