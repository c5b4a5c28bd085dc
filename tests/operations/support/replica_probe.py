"""Run in a subprocess by test_replicas.py against real primary and replica servers.

It reads commands from stdin, one a line (``write NAME`` or ``read NAME``), and answers
each with one line of JSON, so Django starts once for the whole test."""

from __future__ import annotations

import json
import os
import sys

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    django.setup()
    for line in sys.stdin:
        step, _, name = line.strip().partition(" ")
        answer(step, name)
        sys.stdout.flush()


def answer(step: str, name: str) -> None:
    from regulator.audit.types import Actor
    from regulator.core.replicas import forget_replica_health, use_replica_for_reads
    from regulator.register.models import RegulatedEntity
    from regulator.register.services import entity_ensure_published

    if step == "write":
        next_id = (
            RegulatedEntity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        ) + 1
        entity_ensure_published(
            entity_id=next_id,
            name=name,
            entity_type="political-party",
            actor=Actor.system("replica probe"),
        )
        print(json.dumps({"written": name}))
    elif step == "read":
        forget_replica_health()
        outside = RegulatedEntity.objects.all().db
        with use_replica_for_reads():
            alias = RegulatedEntity.objects.all().db
            found = RegulatedEntity.objects.filter(name=name).exists()
        print(json.dumps({"alias": alias, "found": found, "outside": outside}))
    else:
        print(json.dumps({"error": f"unknown step {step}"}))


if __name__ == "__main__":
    main()
