"""Guidance: bilingual structured guidance with versions and effective dates, search, step-by-step answers and key dates."""
