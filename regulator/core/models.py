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
