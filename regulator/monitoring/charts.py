"""The dashboard's chart, drawn the way the public site draws its charts: a Vega-Lite spec
in a JSON data block that the browser renders with vega-embed when it can
(static/js/charts.js, progressive enhancement). The same rows feed the table beside it,
which is the accessible alternative and, without JavaScript, the chart."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
TEXT_COLOUR = "#0b0c0c"  # GOV.UK text colour; labels at least 12 px
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
        "orient": "bottom",
    },
}
# GOV.UK blue and orange: distinguishable for the common colour-vision deficiencies.
COLOURS = ["#1d70b8", "#f47738"]


def spend_title(period_name: str) -> str:
    return _("Platform ad spend against reported spending, %(period)s") % {"period": period_name}


def spend_spec(rows: Sequence[Any], period_name: str) -> dict[str, Any]:
    """Grouped bars per entity: the platforms' certain spend (the sum of the ads' lower
    bounds) and the spending the entity reported for the period, in pounds."""
    platform, reported = _("Platform ad spend (at least)"), _("Reported spending")
    values = []
    for row in rows:
        values.append(
            {"entity": row.entity_name, "measure": platform, "pounds": row.platform_min_pence / 100}
        )
        values.append(
            {"entity": row.entity_name, "measure": reported, "pounds": row.reported_pence / 100}
        )
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": spend_title(period_name),
        "data": {"values": values},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {
                "field": "entity",
                "type": "nominal",
                "title": _("Regulated entity"),
                "sort": None,
            },
            "yOffset": {"field": "measure", "type": "nominal", "sort": [platform, reported]},
            "x": {"field": "pounds", "type": "quantitative", "title": _("Amount (£)")},
            "color": {
                "field": "measure",
                "type": "nominal",
                "title": None,
                "sort": [platform, reported],
                "scale": {"range": COLOURS},
            },
        },
        "width": "container",
        "config": CHART_CONFIG,
    }
