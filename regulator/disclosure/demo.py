"""Demo data for published finance: synthetic donations, loans and spending in the
Commission's layouts, imported through the normal importer (so idempotent on ECRef),
and a matching Companies House snapshot for the filing area. ``--scale N`` multiplies the
rows: 2,000 donations per unit (``--scale 500`` is a million)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TextIO

from django.conf import settings

from regulator.audit.types import Actor
from regulator.disclosure import synthetic
from regulator.finance.selectors import file_already_imported
from regulator.finance.services import ec_file_import

DONATIONS_PER_SCALE = 2000
LOANS_PER_SCALE = 100
SPENDING_PER_SCALE = 500


def demo_dir() -> Path:
    return Path(settings.VAR_DIR) / "demo"


def load(*, scale: int, stdout: TextIO) -> None:
    actor = Actor.system("manage.py demo_data")
    folder = demo_dir()
    counts = {
        "donations": DONATIONS_PER_SCALE * scale,
        "loans": LOANS_PER_SCALE * scale,
        "spending": SPENDING_PER_SCALE * scale,
    }
    for kind, n in counts.items():
        path = synthetic.write_csv(folder / f"{kind}-synthetic-x{scale}.csv", kind, n)
        sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
        if file_already_imported(kind=kind, sha256=sha256):
            # Importing the same bytes again would change nothing but add an empty batch
            # to the proofs page: a second `make demo` leaves the data as it was.
            stdout.write(f"  {kind}: {path.name} was imported before; left as it is\n")
            continue
        summary = ec_file_import(kind=kind, path=path, actor=actor)
        if not summary.ok:
            raise RuntimeError(f"{path}: {summary.error}")
        stdout.write(
            f"  {kind}: read {summary.read}, created {summary.created}, "
            f"unchanged {summary.unchanged}, updated {summary.updated}\n"
        )
    snapshot = folder / "BasicCompanyData-synthetic.csv"
    companies = synthetic.write_companies_house_snapshot(snapshot, counts["donations"])
    stdout.write(f"  Companies House snapshot: {companies} companies in {snapshot}\n")
    subscriptions_load(stdout=stdout)


def subscriptions_load(*, stdout: TextIO) -> None:
    """Demo followers (confirmed at once): the demo party by email, daily, and parties'
    guidance changes, weekly in Welsh; they fire with the return the filing demo publishes
    (the periodic job ``disclosure_digests_send`` sends the digest to the development
    outbox, var/notify-outbox.jsonl)."""
    from regulator.core.demo import DEMO_FILERS
    from regulator.disclosure.services import subscriptions

    party = DEMO_FILERS[0]
    for target, value, label, language, frequency in (
        ("entity", str(party.entity_id), party.entity_name, "en", "daily"),
        ("guidance", "parties", "Canllawiau i bleidiau", "cy", "weekly"),
    ):
        if subscriptions.subscription_exists(
            email="follower@demo.example", target=target, value=value
        ):
            continue
        _sub, token = subscriptions.subscription_start(
            email="follower@demo.example",
            target=target,
            value=value,
            label=label,
            language=language,
            frequency=frequency,
        )
        subscriptions.subscription_confirm(token=token, include_earlier=True)
    stdout.write(
        "  subscriptions: follower@demo.example follows the demo party and parties' guidance\n"
    )
