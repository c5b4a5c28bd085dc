"""The open-data API of published enforcement outcomes: ``/api/v1/enforcement/``."""
