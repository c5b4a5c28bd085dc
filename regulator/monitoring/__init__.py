"""Proactive monitoring of outside sources (not built yet; see docs/architecture.md)."""
