"""Guidance published natively (not built yet; see docs/architecture.md)."""
