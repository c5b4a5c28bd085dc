"""``{{ finding.code|rule_guidance_url }}``: the guidance section that explains a rule."""

from __future__ import annotations

from django import template

from regulator.filings.rules.guidance_links import guidance_link
from regulator.guidance import selectors as guidance_selectors

register = template.Library()


@register.filter
def rule_guidance_url(code: object) -> str:
    ref = guidance_link(str(code))
    return guidance_selectors.section_url(ref) if ref else ""
