"""Models of the filings area: the statutory figures the rules apply, and the Companies
House snapshot that company donors are checked against."""

from __future__ import annotations

from django.db import models


class StatutoryFigure(models.Model):
    """A figure set by law (a threshold, a limit, a period in days or months), in force
    from ``effective_from`` up to and including ``effective_to`` (open when blank).

    Parliament changes them by statutory instrument, so every figure the rules use lives
    here with its dates; the rules look them up by the date that matters (the date of
    receipt, the polling day), never by today. ``verified`` is False where a value or a
    start date has not been confirmed against the instrument: ``note`` says what to check.
    """

    code = models.CharField(max_length=64)
    value = models.DecimalField(max_digits=14, decimal_places=2)
    unit = models.CharField(max_length=16, default="GBP")  # GBP | days | months
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=255)
    verified = models.BooleanField(default=True)
    note = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["code", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "effective_from"], name="figure_code_from"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.value} from {self.effective_from}"


class Company(models.Model):
    """One company as the Companies House bulk snapshot (BasicCompanyData) lists it."""

    company_number = models.CharField(max_length=8, primary_key=True)
    name = models.CharField(max_length=255)
    status = models.CharField(max_length=64, blank=True, default="")
    category = models.CharField(max_length=128, blank=True, default="")
    country_of_origin = models.CharField(max_length=64, blank=True, default="")
    accounts_category = models.CharField(max_length=64, blank=True, default="")
    incorporated_on = models.DateField(null=True, blank=True)
    dissolved_on = models.DateField(null=True, blank=True)
    imported_at = models.DateTimeField()

    class Meta:
        ordering = ["company_number"]
        verbose_name_plural = "companies"

    def __str__(self) -> str:
        return f"{self.company_number} {self.name}"
