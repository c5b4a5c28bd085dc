"""The open-data API (v1). The envelope pieces here (pagination, errors, enum filter,
open-data headers, query budget) are reusable by every area's public API endpoints."""
