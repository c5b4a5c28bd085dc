"""Template tags of contacts."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def entity_section(context: Any, section: Any) -> SafeString:
    """A higher area's section of the entity view: its template with its own context
    (an ``include … with`` cannot hand over a whole dictionary)."""
    return render_to_string(
        section.template, {**context.flatten(), **section.context}, request=context.get("request")
    )
