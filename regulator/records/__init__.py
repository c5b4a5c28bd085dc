"""Records management: the governed document store (not built yet; see docs/architecture.md)."""
