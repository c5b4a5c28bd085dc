"""The risk rules: each a dated, versioned, documented check over harvested and filed
data that yields findings; ``REGISTRY`` lists them (docs/monitoring.md must list each:
tests/test_rules_documented.py)."""
