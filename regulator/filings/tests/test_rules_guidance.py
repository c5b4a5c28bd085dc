"""Every validation rule links to a section of published guidance that exists, the
catalogue in docs/rules.md says where, and a finding shown to a filer carries the link."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.template.loader import render_to_string

from regulator.filings.rules import REGISTRY, Finding
from regulator.filings.rules.guidance_links import GUIDANCE_LINKS, guidance_table
from regulator.filings.tests.factories import figures_ensure
from regulator.guidance import selectors as guidance_selectors
from regulator.guidance.tests.factories import guidance_published

DOC = Path(__file__).resolve().parents[3] / "docs" / "rules.md"


def test_every_rule_has_a_guidance_link() -> None:
    missing = [str(code) for code in REGISTRY if code not in GUIDANCE_LINKS]
    assert missing == [], "Add to filings/rules/guidance_links.py: " + ", ".join(missing)


@pytest.mark.django_db
def test_every_link_points_at_a_published_section() -> None:
    figures_ensure()
    guidance_published()
    published = guidance_selectors.anchors_published()
    gone = sorted({ref for ref in GUIDANCE_LINKS.values() if ref not in published})
    assert gone == [], "Sections missing from published guidance: " + ", ".join(gone)


def test_every_rule_in_the_docs_links_to_guidance() -> None:
    lines = set(DOC.read_text(encoding="utf-8").splitlines())
    stale = [line for line in guidance_table().splitlines() if line not in lines]
    assert stale == [], "Regenerate the guidance table of docs/rules.md:\n" + "\n".join(stale)


@pytest.mark.django_db
def test_a_finding_shown_to_a_filer_links_to_its_guidance() -> None:
    finding = Finding(
        row=3, code=next(iter(REGISTRY)), severity=REGISTRY[next(iter(REGISTRY))].severity
    )
    html = render_to_string("filings/_findings.html", {"findings": [finding], "caption": "Errors"})
    ref = GUIDANCE_LINKS[finding.code]
    assert guidance_selectors.section_url(ref) in html
    assert "Read the guidance" in html
