"""Contacts, enquiries and correspondence (not built yet; see docs/architecture.md)."""
