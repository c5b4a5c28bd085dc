"""Readers of the outside sources' own formats (no database): each turns the bytes a
source publishes into plain rows, streaming, and names the row and column of anything it
cannot read."""
