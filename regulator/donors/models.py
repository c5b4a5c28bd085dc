"""Models of this area; see docs/architecture.md for what it will own."""
