"""The platform's API kit, shared by every area's endpoints: the error format, keyset
pagination with the list envelope, the query budget and the open-data headers."""
