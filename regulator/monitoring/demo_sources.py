"""The demo's harvests of Meta's Ad Library, Parliament's register of interests,
Companies House and a news feed. Those services need keys and the internet, so the demo
serves their own formats from this process on a loopback port (``testing.serving``, the
server the harvest tests use) and harvests through the real clients:

- Meta: the demo campaigner's (``core.demo.CAMPAIGN_NAME``) ads in the 2024 regulated period;
- Parliament: a category 3 donation of £5,000 to the demo's fictional MP
  (``core.demo.DONEE_ID``), which they never reported;
- Companies House: the demo cast's fictional company lenders (``core.demo``), one
  dissolved before it lent and one with a proposal to strike off;
- news: a feed naming the demo party with a watch term."""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from django.test import override_settings

from regulator.core import clock
from regulator.core.demo import CAMPAIGN_NAME, PARTY_NAME
from regulator.monitoring import services
from regulator.monitoring.models import Source
from regulator.monitoring.services.harvest_companies_house import company_numbers
from regulator.monitoring.testing import serving
from regulator.register import selectors as register_selectors

# What the demo's own loopback server takes as Meta's access token (not a secret).
META_ACCESS = "demo-meta-access"
KEY = "demo-companies-house-key"
RSS_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Westcountry Gazette: politics</title>
<link>https://news.example/politics</link><description>Politics</description>
<lastBuildDate>{built}</lastBuildDate>
<item><title>{party} faces questions over an undeclared donation</title>
<link>https://news.example/politics/demo-party-donation</link>
<guid>https://news.example/politics/demo-party-donation</guid>
<pubDate>{built}</pubDate>
<description>A businessman says he gave the {party} £9,000 in cash last spring.</description></item>
<item><title>Library fete raises £400</title><link>https://news.example/local/fete</link>
<guid>https://news.example/local/fete</guid><pubDate>{older}</pubDate>
<description>Cakes and books.</description></item>
</channel></rss>"""


def _meta_ads() -> list[dict[str, Any]]:
    return [
        {
            "id": f"7700{n}",
            "page_id": "900003",
            "page_name": CAMPAIGN_NAME,
            "bylines": f"Paid for by {CAMPAIGN_NAME}",
            "ad_delivery_start_time": f"2024-0{1 + n % 6}-10",
            "ad_delivery_stop_time": f"2024-0{1 + n % 6}-20",
            "currency": "GBP",
            "spend": {"lower_bound": "1000", "upper_bound": "1499"},
            "impressions": {"lower_bound": "10000", "upper_bound": "14999"},
        }
        for n in range(8)
    ]


def _interest(member: tuple[int, str]) -> dict[str, Any]:
    return {
        "id": 990_001,
        "summary": "Donation from Harbour Holdings Ltd",
        "registrationDate": "2024-03-20",
        "member": {"id": member[0], "nameDisplayAs": member[1]},
        "category": {"id": 3, "name": "Donations and other support"},
        "fields": [
            {"name": "DonorName", "value": "Harbour Holdings Ltd", "typeInfo": {}},
            {"name": "DonorStatus", "value": "Company", "typeInfo": {}},
            {"name": "Value", "value": 5000, "typeInfo": {"currencyCode": "GBP"}},
            {"name": "ReceivedDate", "value": "2024-02-01", "typeInfo": {}},
            {"name": "AcceptedDate", "value": "2024-02-02", "typeInfo": {}},
        ],
    }


def _companies(numbers: list[str]) -> dict[str, dict[str, Any]]:
    from regulator.core.demo import LENDER_COMPANIES

    names = {number: name for name, number, _postcode in LENDER_COMPANIES}
    companies: dict[str, dict[str, Any]] = {}
    for n, number in enumerate(numbers[:6]):
        profile: dict[str, Any] = {
            "company_number": number,
            "company_name": names.get(number, "").upper(),
            "company_status": "active",
            "date_of_creation": "1998-04-01",
        }
        if n == 0:
            profile.update(company_status="dissolved", date_of_cessation="2001-01-31")
        if n == 1:
            profile.update(company_status_detail="active-proposal-to-strike-off")
        companies[number] = {
            "profile": profile,
            "officers": [{"name": "SMITH, Alex", "officer_role": "director"}],
            "psc": [
                {"name": "Mr Alex Smith", "kind": "individual-person-with-significant-control"}
            ],
        }
    return companies


def _first_donee() -> tuple[int, str] | None:
    """The demo's fictional MP (``core.demo.DONEE_ID``), never a real one of the published
    data: what the harvest finds is a donation they did not report."""
    from regulator.core.demo import DONEE_ID

    donee = register_selectors.entity_get(entity_id=DONEE_ID)
    return None if donee is None else (int(donee.pk) % 100_000, donee.name)


def load(*, actor: Any, folder: Path) -> None:
    if Source.objects.filter(kind="news", current__isnull=False).exists():
        return  # harvested on an earlier load: unchanged harvests would add nothing anyway
    # Only the demo cast's fictional lenders: the loopback Companies House makes one
    # dissolved and one struck off, which must never be said of a real company.
    from regulator.core.demo import LENDER_COMPANIES

    cast = {number for _name, number, _postcode in LENDER_COMPANIES}
    numbers = [number for number in company_numbers() if number in cast]
    donee = _first_donee()
    with serving() as fake:
        meta_url = fake.meta(_meta_ads(), token=META_ACCESS)
        parliament_url = fake.parliament([_interest(donee)] if donee else [])
        companies_url = fake.companies_house(_companies(numbers), key=KEY)
        today = clock.now()
        rss = RSS_TEMPLATE.format(
            party=PARTY_NAME,
            built=format_datetime(today - dt.timedelta(days=2), usegmt=True),
            older=format_datetime(today - dt.timedelta(days=3), usegmt=True),
        )
        feed_url = fake.feed("/politics.rss", rss, "application/rss+xml")
        with override_settings(
            META_ACCESS_TOKEN=META_ACCESS,
            MONITORING_META_URL=meta_url,
            MONITORING_META_SINCE="2024-01-01",
            MONITORING_PARLIAMENT_URL=parliament_url,
            MONITORING_COMPANIES_HOUSE_URL=companies_url,
            COMPANIES_HOUSE_API_KEY=KEY,
            MONITORING_NEWS_FEEDS=[feed_url],
        ):
            services.meta_ads_harvest(actor=actor)
            services.parliament_interests_harvest(actor=actor)
            if numbers:
                services.companies_house_harvest(actor=actor, numbers=numbers[:6])
            services.news_harvest(actor=actor)
    services.matches_refresh_advertisers(platform="meta-ads")
