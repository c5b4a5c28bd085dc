"""Performance reporting: the measure catalogue computed from every area's selectors, the
availability probe, dashboards, frozen packs and the statutory and public reports."""
