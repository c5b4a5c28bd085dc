"""Vega-Lite chart specs for the entity pages. Each chart is data first: the same rows
feed the spec, the accessible HTML table beside it and the CSV download, so the three
always agree. The browser renders the spec with vega-embed when it is available
(progressive enhancement, static/disclosure/charts.js); without JavaScript the table is
the chart."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
# Text in charts: at least 12 px, in GOV.UK's text colour (contrast 19:1 on white).
TEXT_COLOUR = "#0b0c0c"
CHART_CONFIG: dict[str, Any] = {
    "axis": {
        "labelFontSize": 12,
        "titleFontSize": 14,
        "labelColor": TEXT_COLOUR,
        "titleColor": TEXT_COLOUR,
    },
    "legend": {
        "labelFontSize": 12,
        "titleFontSize": 14,
        "labelColor": TEXT_COLOUR,
        "titleColor": TEXT_COLOUR,
    },
}

CHARTS = ("year", "quarter", "donor-type")


def chart_title(chart: str) -> str:
    return {
        "year": _("Donations by year"),
        "quarter": _("Donations by quarter"),
        "donor-type": _("Donations by type of donor"),
    }[chart]


def vega_lite_spec(chart: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    label = (
        _("Type of donor")
        if chart == "donor-type"
        else (_("Year") if chart == "year" else _("Quarter"))
    )
    horizontal = chart == "donor-type"
    category = {"field": "label", "type": "nominal", "title": label, "sort": None}
    amount = {"field": "total", "type": "quantitative", "title": _("Total (£)")}
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": chart_title(chart),
        "data": {
            "values": [
                {"label": r["label"], "total": float(r["total"]), "count": r["count"]} for r in rows
            ]
        },
        "mark": {"type": "bar"},
        "encoding": {"y": category, "x": amount} if horizontal else {"x": category, "y": amount},
        "width": "container",
        "config": CHART_CONFIG,
    }
