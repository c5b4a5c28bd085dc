"""Concurrent presses of "Submit the return", run as a process of its own against
DATABASE_URL (a SQLite file or PostgreSQL) by test_views.py.

    python -m regulator.filings.tests.concurrent_submit FILED_RETURN_ID USER_ID PRESSES

Starts PRESSES threads, each with its own database connection and its own signed-in test
client; they wait at a barrier, then all POST the submit page at once: the even ones with
the same idempotency key (a double click on one form), the odd ones with keys of their
own (the form open in several tabs). Prints one JSON line: each press's status code and
where it was sent.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import traceback


def main() -> None:
    filed_id, user_id, presses = (int(a) for a in sys.argv[1:4])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from regulator.identity.models import User

    setup_test_environment()
    user = User.objects.get(pk=user_id)
    connection.close()
    barrier = threading.Barrier(presses)
    results: list[dict[str, object]] = []
    failures: list[str] = []
    lock = threading.Lock()

    def press(number: int) -> None:
        try:
            client = Client()
            client.force_login(user)
            key = "same-form" if number % 2 == 0 else f"tab-{number}"
            barrier.wait(timeout=30)
            response = client.post(f"/filing/returns/{filed_id}/submit/", {"idempotency_key": key})
            with lock:
                results.append(
                    {"status": response.status_code, "location": response.get("Location", "")}
                )
        except Exception:
            failures.append(traceback.format_exc())
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(n,)) for n in range(presses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        sys.stderr.write("\n".join(failures))
        sys.exit(1)
    sys.stdout.write(json.dumps(results) + "\n")


if __name__ == "__main__":
    main()
