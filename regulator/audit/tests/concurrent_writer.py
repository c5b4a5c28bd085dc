"""The concurrent writers of test_concurrency.py, run as a process of their own against
DATABASE_URL (a SQLite file or PostgreSQL).

    python -m regulator.audit.tests.concurrent_writer WRITERS EVENTS

Starts WRITERS threads, each with its own database connection (Django connections are
per thread); they wait at a barrier, then each appends EVENTS events, one transaction
each, as fast as they can. Exits 1 if any write failed.
"""

from __future__ import annotations

import os
import random
import sys
import threading
import time
import traceback


def main() -> None:
    writers, count = int(sys.argv[1]), int(sys.argv[2])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.db import connection, transaction

    from regulator.audit.services import audit_record
    from regulator.audit.types import Actor

    barrier = threading.Barrier(writers)
    failures: list[str] = []

    def write(number: int) -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=30)
            for index in range(count):
                # A request's worth of other work between writes, so writers interleave.
                time.sleep(random.uniform(0, 0.002))
                with transaction.atomic():
                    audit_record(
                        actor=Actor.system(f"writer {number}"),
                        action="test.concurrent_write",
                        subject=("test.writer", number),
                        payload={"writer": number, "index": index},
                    )
        except Exception:
            failures.append(traceback.format_exc())
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        sys.stderr.write("\n".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
