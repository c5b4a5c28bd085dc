"""The shared cache's table (Django's database cache, ``CACHES`` in config/settings/base.py)
as a model, so that a migration creates it on every database and the test runner's flush
empties it like any other table. Nothing reads it through the ORM: Django's
``DatabaseCache`` does, with its own SQL over exactly these columns."""

from __future__ import annotations

from django.db import models

CACHE_TABLE = "core_cache"


class CacheEntry(models.Model):
    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = CACHE_TABLE

    def __str__(self) -> str:
        return self.cache_key


RESPONSE_CACHE_TABLE = "core_response_cache"


class ResponseCacheEntry(models.Model):
    """The response cache's table (``CACHES["responses"]`` without Redis): whole anonymous
    public responses (``core.public_cache``), apart from the security counters so that a
    crawler filling it with distinct URLs can never push a counter out (each table culls
    its own entries when full)."""

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = RESPONSE_CACHE_TABLE

    def __str__(self) -> str:
        return self.cache_key
