"""Demo data of monitoring: the real Google advertiser-stats sample (10 UK advertisers)
and a small bundle of creative stats in the report's layout (the demo party's ads over
the 2024 general election's regulated period, an unregistered campaigner's), matched to
the register; the risk rules run over them and over the demo's filed and published data;
an alert promoted to an assessment in cases, one dismissed, one watched; an intelligence
entry graded 3x5x2 with an attachment. Harvests of the other sources come from their own
demo loaders when present. Idempotent: files already imported add nothing, alerts are
de-duplicated, the promotions and the entry are made once."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings

from regulator.audit.types import Actor
from regulator.core.demo import DEMO_FILERS, DONEE_ID, PARTY_NAME
from regulator.identity import services as identity_services
from regulator.identity.types import StaffRole
from regulator.monitoring import selectors, services
from regulator.monitoring.models import Alert, Intelligence
from regulator.monitoring.types import AlertState

ACTOR = Actor.system("manage.py demo_data")
CAST = {filer.entity_id for filer in DEMO_FILERS} | {DONEE_ID}
SAMPLE = (
    Path(__file__).parent / "tests" / "data" / "google-political-ads-advertiser-stats-sample.csv"
)
HEADER = [
    "Ad_ID",
    "Ad_URL",
    "Ad_Type",
    "Regions",
    "Advertiser_ID",
    "Advertiser_Name",
    "Date_Range_Start",
    "Date_Range_End",
    "Num_of_Days",
    "Impressions",
    "Spend_Range_Min_GBP",
    "Spend_Range_Max_GBP",
]
# (advertiser id, name as the platform shows it, ads, lower bound of each in pounds)
ADVERTISERS = [
    ("AR90000100000000000001", PARTY_NAME, 24, 2_500),
    ("AR90000100000000000002", "Coastal Voices Campaign", 12, 1_500),
]


def _staff(username: str, role: StaffRole) -> Any:
    return identity_services.staff_user_with_role(username=username, role=role, actor=ACTOR)


def _bundle(folder: Path) -> Path:
    """The demo's creative stats as Google publishes them, in a zip with the sample's
    advertiser stats and the "updated" file."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADER)
    for advertiser_id, name, ads, pounds in ADVERTISERS:
        for n in range(ads):
            week = 1 + n * 2
            writer.writerow(
                [
                    f"CR{advertiser_id[-4:]}{n:04d}",
                    "https://adstransparency.google.com/",
                    "VIDEO",
                    "GB",
                    advertiser_id,
                    name,
                    f"2024-{1 + week // 5:02d}-{1 + week % 5 * 5:02d}",
                    f"2024-{1 + week // 5:02d}-{2 + week % 5 * 5:02d}",
                    "1",
                    "10k-100k",
                    str(pounds),
                    str(pounds * 2),
                ]
            )
    path = folder / "google-political-ads-transparency-bundle.zip"
    members = [
        ("google-political-ads-advertiser-stats.csv", SAMPLE.read_bytes()),
        ("google-political-ads-creative-stats.csv", text.getvalue().encode()),
        ("google-political-ads-updated.csv", b"Report_Data_Updated_Time\n2024-07-10T06:00:00Z\n"),
    ]
    # The same members with the same dates make the same bytes: a second demo load finds
    # the harvest unchanged and adds nothing.
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 7, 10, 6, 0, 0)), data)
    return path


def load(*, scale: int, stdout: TextIO) -> None:
    analyst = _staff(str(StaffRole.FINANCE_ANALYST), StaffRole.FINANCE_ANALYST)
    investigator = _staff(str(StaffRole.INVESTIGATOR), StaffRole.INVESTIGATOR)
    folder = Path(settings.MEDIA_ROOT) / "monitoring-demo"
    folder.mkdir(parents=True, exist_ok=True)
    services.google_ads_import(path=SAMPLE, actor=ACTOR)
    services.google_ads_import(path=_bundle(folder), actor=ACTOR)
    services.matches_refresh_advertisers(platform="google-ads")
    from regulator.monitoring import demo_sources

    demo_sources.load(actor=ACTOR, folder=folder)
    results = services.rules_run(actor=ACTOR)
    open_alerts = list(selectors.alerts_open().order_by("reference"))
    if not Alert.objects.filter(state=AlertState.CASE).exists():
        # Only an alert about the demo cast's fictional entities becomes a case: the
        # published data's parties are real.
        target = next((a for a in open_alerts if a.entity_id in CAST), None)
        if target is not None:
            services.alert_promote(
                alert=target, actor=investigator, details="Promoted in the demo for assessment."
            )
    if not Alert.objects.filter(state=AlertState.DISMISSED).exists():
        spare = [a for a in selectors.alerts_open().order_by("reference") if a.entity_id is None]
        if spare:
            services.alert_triage(
                alert=spare[0],
                actor=analyst,
                outcome=AlertState.DISMISSED,
                reason="A commercial agency advertising for many clients, not a campaigner.",
            )
        if len(spare) > 1:
            services.alert_triage(
                alert=spare[1],
                actor=analyst,
                outcome=AlertState.WATCHING,
                reason="Watch the next quarter's spend before deciding.",
            )
    if not Intelligence.objects.exists():
        services.intelligence_record(
            actor=investigator,
            title="Leaflets paid for in cash, Coastal Voices",
            body=(
                "A printer reports that Coastal Voices Campaign paid £4,800 in cash for "
                "leaflets in June 2024, with no imprint."
            ),
            source_evaluation="2",
            assessment="B",
            handling="C",
            handling_conditions="Not to be shared outside the Commission without the source's consent.",
            alerts=[
                a for a in selectors.alerts_open().order_by("reference") if a.entity_id in CAST
            ][:1],
            attachments=[("printer-note.txt", b"Invoice 2024-0611: 4,800 GBP, paid in cash.\n")],
        )
    stdout.write(
        "  monitoring: "
        + ", ".join(f"{r.rule} {r.findings}" for r in results)
        + f"; {selectors.alerts_open().count()} open alerts at /monitoring/\n"
    )
