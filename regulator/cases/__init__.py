"""Enforcement casework (not built yet; see docs/architecture.md)."""
