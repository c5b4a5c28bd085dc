"""Records management: the governed document store, file plan, retention, legal holds,
certified disposal and transfer to The National Archives (docs/records.md)."""
