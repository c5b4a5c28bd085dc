"""The concurrent filers and analysts of test_filing_concurrency.py, run as processes of
their own against DATABASE_URL (a SQLite file or PostgreSQL).

    python -m tests.reliability.filers file PLAN.json FIRST COUNT
    python -m tests.reliability.filers race PLAN.json SIDE

``file``: COUNT threads, one per filer of the plan from FIRST on, and one analyst thread.
Each filer submits its declared return (a double click: two presses with one key at once;
or a retry: two presses with keys of their own at once; or one press) and hands it to the
analyst, who starts a review and queries it, accepts it or leaves it. A queried or accepted
filer starts an amendment with two presses at once, adds a row, checks, declares and
submits it with a double click. Prints one JSON line: what each filer saw.

``race``: one of two analysts. For each race of the plan it prints ``ready N``, waits for
``go`` on stdin (the test releases both sides at once) and does its side's action on the
race's return, then prints a JSON line with the outcome: ``ok`` or the FilingError code.

The test process is the barrier between processes: every worker prints ``ready`` and waits
for ``go``. Anything but a FilingError is a failure: its traceback goes to stderr and the
worker exits 1.
"""

from __future__ import annotations

import json
import os
import queue
import sys
import threading
import traceback
from collections.abc import Callable
from functools import partial
from typing import Any

DEADLINE = 60


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()


def _wait_for_go() -> None:
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    line = sys.stdin.readline()
    if line.strip() != "go":
        raise SystemExit(f"expected go, got {line!r}")


def _at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run ``calls`` in threads of their own released together (a double click): each
    result, or the FilingError it raised. Any other exception is raised here."""
    from django.db import connection

    from regulator.filings.services import FilingError

    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=DEADLINE)
            results[index] = calls[index]()
        except FilingError as exc:
            results[index] = exc
        except BaseException as exc:  # handed to the caller
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=DEADLINE)
    if any(thread.is_alive() for thread in threads):
        raise TimeoutError("a press is stuck")
    if errors:
        raise errors[0]
    return results


def _outcome(result: Any) -> str:
    from regulator.filings.services import FilingError

    return str(result.code) if isinstance(result, FilingError) else "ok"


def file(plan: dict[str, Any], first: int, count: int) -> None:
    from django.db import connection

    from regulator.filings import services
    from regulator.filings.models import ReturnVersion
    from regulator.filings.rules.inputs import TransactionKind
    from regulator.filings.services import FilingError
    from regulator.filings.tests.factories import TEMPLATE_DONATION
    from regulator.identity.models import User

    filers = plan["filers"][first : first + count]
    analyst = User.objects.get(pk=plan["analyst"])
    users = {u.pk: u for u in User.objects.filter(pk__in=[f["user"] for f in filers])}
    connection.close()
    submitted: queue.Queue[dict[str, Any] | None] = queue.Queue()
    decided: dict[int, threading.Event] = {f["version"]: threading.Event() for f in filers}
    results: dict[int, dict[str, Any]] = {}
    failures: list[str] = []
    go = threading.Barrier(count + 2)

    def submit_presses(version: ReturnVersion, user: Any, how: str, key: str) -> list[str]:
        keys = {"double": [key, key], "retry": [key, f"{key}-retry"], "once": [key]}[how]
        got = _at_once(
            [
                partial(services.version_submit, version=version, user=user, idempotency_key=k)
                for k in keys
            ]
        )
        return [v.receipt_reference for v in got]

    def filer(spec: dict[str, Any]) -> None:
        mine: dict[str, Any] = {"version": spec["version"], "return": spec["return"]}
        try:
            connection.ensure_connection()
            user = users[spec["user"]]
            version = ReturnVersion.objects.get(pk=spec["version"])
            # Each press has a connection of its own, as each request would: this
            # thread's is given back meanwhile (PostgreSQL allows 100 in all).
            connection.close()
            go.wait(timeout=DEADLINE)
            mine["receipts"] = submit_presses(version, user, spec["submit"], spec["key"])
            submitted.put(spec)
            if not decided[spec["version"]].wait(timeout=DEADLINE):
                raise TimeoutError("the analyst never decided")
            if spec["analyst"] not in {"query", "accept"}:
                return
            amends = _at_once(
                [
                    partial(
                        services.version_amend,
                        version=version,
                        user=user,
                        change_note=f"Amendment press {n}",
                    )
                    for n in range(2)
                ]
            )
            mine["amend"] = [_outcome(a) for a in amends]
            made = [a for a in amends if not isinstance(a, FilingError)]
            if len(made) != 1:
                raise AssertionError(f"two presses of amend gave {mine['amend']}")
            amendment = made[0]
            mine["amendment"] = amendment.pk
            row = dict(TEMPLATE_DONATION, DonorName=f"Late Donor {spec['return']}")
            services.transaction_add(
                version=amendment, kind=TransactionKind.DONATION, data=row, actor=user
            )
            services.version_validate(version=amendment, actor=user)
            services.version_declare(version=amendment, user=user)
            connection.close()
            mine["amendment_receipts"] = submit_presses(
                amendment, user, "double", f"{spec['key']}-amendment"
            )
        except Exception:
            failures.append(f"filer of return {spec['return']}:\n{traceback.format_exc()}")
        finally:
            results[spec["version"]] = mine
            connection.close()

    def analyst_desk() -> None:
        try:
            connection.ensure_connection()
            go.wait(timeout=DEADLINE)
            for _ in range(count):
                spec = submitted.get(timeout=DEADLINE)
                assert spec is not None
                version = ReturnVersion.objects.get(pk=spec["version"])
                try:
                    if spec["analyst"] in {"query", "accept", "review"}:
                        services.version_review_start(version=version, analyst=analyst)
                    if spec["analyst"] == "query":
                        services.version_query(
                            version=version, analyst=analyst, question=spec["question"]
                        )
                    elif spec["analyst"] == "accept":
                        services.version_accept(version=version, analyst=analyst)
                finally:
                    decided[spec["version"]].set()
        except Exception:
            failures.append(f"analyst:\n{traceback.format_exc()}")
            for event in decided.values():
                event.set()
        finally:
            connection.close()

    threads = [threading.Thread(target=filer, args=(spec,)) for spec in filers]
    threads.append(threading.Thread(target=analyst_desk))
    for thread in threads:
        thread.start()
    _wait_for_go()
    go.wait(timeout=DEADLINE)
    for thread in threads:
        thread.join(timeout=2 * DEADLINE)
    if any(thread.is_alive() for thread in threads):
        failures.append("a filer or the analyst is stuck")
    sys.stdout.write(json.dumps(list(results.values())) + "\n")
    sys.stdout.flush()
    if failures:
        sys.stderr.write("\n".join(failures))
        sys.stderr.flush()
        os._exit(1)  # a stuck thread must not keep the process alive


def race(plan: dict[str, Any], side: int) -> None:
    from django.db import connection

    from regulator.filings import services
    from regulator.filings.models import ReturnVersion
    from regulator.filings.services import FilingError
    from regulator.identity.models import User

    analyst = User.objects.get(pk=plan["analysts"][side])
    failures: list[str] = []
    for number, spec in enumerate(plan["races"]):
        action = spec["actions"][side]
        version = ReturnVersion.objects.get(pk=spec["version"])
        _wait_for_go()
        outcome = ""
        try:
            if action == "review":
                services.version_review_start(version=version, analyst=analyst)
            elif action == "query":
                services.version_query(
                    version=version, analyst=analyst, question=spec["questions"][side]
                )
            elif action == "accept":
                services.version_accept(version=version, analyst=analyst)
            else:
                raise ValueError(action)
            outcome = "ok"
        except FilingError as exc:
            outcome = str(exc.code)
        except Exception:
            outcome = "crash"
            failures.append(f"race {number}, {action}:\n{traceback.format_exc()}")
        sys.stdout.write(json.dumps({"race": number, "action": action, "outcome": outcome}) + "\n")
        sys.stdout.flush()
    connection.close()
    if failures:
        sys.stderr.write("\n".join(failures))
        sys.exit(1)


def main() -> None:
    mode, plan_path, *numbers = sys.argv[1:]
    _setup()
    with open(plan_path, encoding="utf-8") as handle:
        plan = json.load(handle)
    if mode == "file":
        file(plan, int(numbers[0]), int(numbers[1]))
    elif mode == "race":
        race(plan, int(numbers[0]))
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
