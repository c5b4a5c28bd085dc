"""Every public page shares one rate per client: the published data, the donor pages
(search and the donor CSV) and the guidance (search and PDFs). A crawler that spreads
over the areas gets no more than one that stays in one, and is told so in its language."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

pytestmark = pytest.mark.django_db


def test_donor_and_guidance_pages_share_the_public_page_rate(settings: Any) -> None:
    cache.clear()
    settings.PUBLIC_PAGE_RATE = "4/minute"
    client = Client()
    statuses = [
        client.get(url).status_code
        for url in ("/donors/?q=smith", "/guidance/?q=donation", "/search/", "/donors/")
    ]
    assert statuses == [200, 200, 200, 200]
    for url in ("/guidance/?q=loan", "/donors/?q=jones", "/search/"):
        limited = client.get(url)
        assert limited.status_code == 429, url
        assert int(limited["Retry-After"]) >= 1
    welsh = client.get("/cy/guidance/")
    assert welsh.status_code == 429
    assert "Gormod o geisiadau" in welsh.content.decode()
    # Another client is not held up.
    assert client.get("/donors/", REMOTE_ADDR="198.51.100.7").status_code == 200
