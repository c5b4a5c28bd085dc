"""Performance reporting (not built yet; see docs/architecture.md)."""
