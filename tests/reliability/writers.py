"""The concurrent writers of test_concurrency.py, run as a process of their own against
DATABASE_URL (a SQLite file or PostgreSQL).

    python -m tests.reliability.writers WRITERS

WRITERS threads, each with its own connection, wait at a barrier and then each registers
one entity (the register allocates its id from a shared counter) and records one audit
event of its own. Exits 1 if any write failed.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
import traceback


def main() -> None:
    writers = int(sys.argv[1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.db import connection, transaction

    from regulator.audit.services import audit_record
    from regulator.audit.types import Actor
    from regulator.register.services import entity_register
    from regulator.register.types import EntityType, Register

    barrier = threading.Barrier(writers)
    failures: list[str] = []

    def write(number: int) -> None:
        try:
            connection.ensure_connection()
            actor = Actor.system(f"writer {number}")
            barrier.wait(timeout=60)
            entity_register(
                name=f"Concurrent Writers Party {number}",
                entity_type=EntityType.POLITICAL_PARTY,
                register=Register.GREAT_BRITAIN,
                registered_on=dt.date(2026, 1, 1),
                actor=actor,
            )
            with transaction.atomic():
                audit_record(
                    actor=actor,
                    action="test.concurrent_write",
                    subject=("test.writer", number),
                    payload={"writer": number},
                )
        except Exception:
            failures.append(traceback.format_exc())
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if failures:
        sys.stderr.write("\n".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
