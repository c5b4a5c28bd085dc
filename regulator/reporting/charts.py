"""Vega-Lite specs of the dashboard, built from the same rows as the accessible table
beside each chart. Marks carry no ARIA of their own (``"aria": False``): the chart's
container is one image named by its title, and the table is what a screen reader reads
(the platform's approach: disclosure/charts.py, drawn by
static/js/charts.js under the strict CSP; without JavaScript the table is the chart)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"


def shares_spec(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """This period's measures in per cent, one bar each, with its target as a tick."""
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": _("Measures in per cent this period, against their targets"),
        "data": {"values": rows},
        "width": "container",
        "layer": [
            {
                "mark": {"type": "bar", "aria": False},
                "encoding": {
                    "y": {"field": "name", "type": "nominal", "title": _("Measure"), "sort": None},
                    "x": {
                        "field": "value",
                        "type": "quantitative",
                        "title": _("Per cent"),
                        "scale": {"domain": [0, 100]},
                    },
                },
            },
            {
                "mark": {"type": "tick", "thickness": 3, "color": "#0b0c0c", "aria": False},
                "encoding": {
                    "y": {"field": "name", "type": "nominal", "sort": None},
                    "x": {"field": "target", "type": "quantitative"},
                },
            },
        ],
    }


def trend_spec(title: str, unit: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A measure over the recent periods (oldest first)."""
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": title,
        "data": {"values": rows},
        "width": "container",
        "mark": {"type": "line", "point": True, "aria": False},
        "encoding": {
            "x": {"field": "period", "type": "ordinal", "title": _("Period"), "sort": None},
            "y": {"field": "value", "type": "quantitative", "title": unit},
        },
    }
