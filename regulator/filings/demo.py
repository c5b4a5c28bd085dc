"""Demo data of the filings area: a synthetic Companies House snapshot (with its edge
cases), so company donors in the demo are checked as they would be in production. The
statutory figures come with the migrations."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from regulator.audit.actors import Actor
from regulator.filings.companies_fixture import synthetic_companies, write_snapshot
from regulator.filings.models import Company
from regulator.filings.services import companies_import


def load(*, scale: int, stdout: Any) -> None:
    companies = synthetic_companies(200 * scale)
    numbers = [company.number for company in companies]
    present = Company.objects.filter(company_number__in=numbers).count()
    if present == len(numbers):
        stdout.write(f"  companies: {present} already loaded")
        return
    with tempfile.TemporaryDirectory() as folder:
        path = write_snapshot(Path(folder) / "BasicCompanyData-demo.csv", companies)
        summary = companies_import(path=path, actor=Actor.system("manage.py demo_data"))
    stdout.write(f"  companies: {summary.rows} loaded from a synthetic snapshot")
