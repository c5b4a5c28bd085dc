"""Google's political ads transparency bundle: a zip of CSVs, or one of its CSVs.

- ``google-political-ads-advertiser-stats.csv``: one row per advertiser, lifetime spend
  per currency (``Spend_GBP`` in whole pounds; the set of currency columns changes over
  time, so only the columns used here are required).
- ``google-political-ads-creative-stats.csv``: one row per ad (millions), with
  ``Date_Range_Start``/``End`` and the spend as a range per currency
  (``Spend_Range_Min_GBP``, ``Spend_Range_Max_GBP``; an open top is empty).
- ``google-political-ads-updated.csv``: when the report last changed (the freshness key).

Rows are read one at a time from the file (or the zip member), so memory stays bounded
whatever the size. Only UK rows are kept (``GB`` among the comma-separated ``Regions``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ADVERTISERS = "google-political-ads-advertiser-stats.csv"
CREATIVES = "google-political-ads-creative-stats.csv"
UPDATED = "google-political-ads-updated.csv"

ADVERTISER_COLUMNS = ("Advertiser_ID", "Advertiser_Name", "Regions", "Spend_GBP")
CREATIVE_COLUMNS = (
    "Ad_ID",
    "Regions",
    "Advertiser_ID",
    "Advertiser_Name",
    "Date_Range_Start",
    "Date_Range_End",
    "Spend_Range_Min_GBP",
    "Spend_Range_Max_GBP",
)


class FormatError(ValueError):
    """A value that cannot be read, with where it is (row 1 is the header)."""

    def __init__(self, file: str, row: int, column: str, value: str, why: str) -> None:
        super().__init__(f"{file}, row {row}, column {column}: {value[:60]!r} {why}")
        self.file, self.row, self.column, self.value, self.why = file, row, column, value, why


@dataclass(frozen=True)
class AdvertiserRow:
    advertiser_id: str
    name: str
    regions: str
    public_ids: str
    total_creatives: int
    spend_gbp_pence: int


@dataclass(frozen=True)
class CreativeRow:
    ad_id: str
    advertiser_id: str
    advertiser_name: str
    start: dt.date | None
    end: dt.date | None
    spend_min_pence: int
    spend_max_pence: int | None


def is_uk(regions: str) -> bool:
    return "GB" in {part.strip().upper() for part in regions.split(",")}


def _whole(file: str, row: int, column: str, value: str, *, required: bool = True) -> int | None:
    value = value.strip().replace(",", "")
    if not value:
        if required:
            raise FormatError(file, row, column, value, "is empty: a whole number is needed")
        return None
    try:
        number = int(value)
    except ValueError:
        raise FormatError(file, row, column, value, "is not a whole number") from None
    if number < 0:
        raise FormatError(file, row, column, value, "is negative")
    return number


def _date(file: str, row: int, column: str, value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise FormatError(file, row, column, value, "is not a date (YYYY-MM-DD)") from None


def _reader(handle: IO[bytes], file: str, needed: tuple[str, ...]) -> Iterator[dict[str, str]]:
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    reader = csv.DictReader(text)
    header = reader.fieldnames or []
    missing = [column for column in needed if column not in header]
    if missing:
        raise FormatError(file, 1, missing[0], "", "is missing from the header")
    yield from reader


def advertisers(handle: IO[bytes], file: str = ADVERTISERS) -> Iterator[tuple[int, AdvertiserRow]]:
    """(row number, advertiser) for every UK advertiser; other rows are checked for
    nothing but skipped."""
    for number, row in enumerate(_reader(handle, file, ADVERTISER_COLUMNS), start=2):
        regions = row.get("Regions") or ""
        if not is_uk(regions):
            continue
        advertiser_id = (row.get("Advertiser_ID") or "").strip()
        if not advertiser_id:
            raise FormatError(file, number, "Advertiser_ID", "", "is empty")
        pounds = _whole(file, number, "Spend_GBP", row.get("Spend_GBP") or "")
        creatives = _whole(
            file, number, "Total_Creatives", row.get("Total_Creatives") or "0", required=False
        )
        yield (
            number,
            AdvertiserRow(
                advertiser_id=advertiser_id,
                name=(row.get("Advertiser_Name") or "").strip(),
                regions=regions.strip(),
                public_ids=(row.get("Public_IDs_List") or "").strip(),
                total_creatives=creatives or 0,
                spend_gbp_pence=(pounds or 0) * 100,
            ),
        )


def creatives(handle: IO[bytes], file: str = CREATIVES) -> Iterator[tuple[int, CreativeRow]]:
    for number, row in enumerate(_reader(handle, file, CREATIVE_COLUMNS), start=2):
        if not is_uk(row.get("Regions") or ""):
            continue
        low = _whole(file, number, "Spend_Range_Min_GBP", row.get("Spend_Range_Min_GBP") or "")
        high = _whole(
            file,
            number,
            "Spend_Range_Max_GBP",
            row.get("Spend_Range_Max_GBP") or "",
            required=False,
        )
        if high is not None and low is not None and high < low:
            raise FormatError(
                file, number, "Spend_Range_Max_GBP", str(high), "is below the minimum"
            )
        yield (
            number,
            CreativeRow(
                ad_id=(row.get("Ad_ID") or "").strip(),
                advertiser_id=(row.get("Advertiser_ID") or "").strip(),
                advertiser_name=(row.get("Advertiser_Name") or "").strip(),
                start=_date(file, number, "Date_Range_Start", row.get("Date_Range_Start") or ""),
                end=_date(file, number, "Date_Range_End", row.get("Date_Range_End") or ""),
                spend_min_pence=(low or 0) * 100,
                spend_max_pence=None if high is None else high * 100,
            ),
        )


def updated_at(handle: IO[bytes], file: str = UPDATED) -> dt.datetime | None:
    """The report's own "last updated" time (its first value that reads as one)."""
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    for row in csv.reader(text):
        for value in row:
            try:
                moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            except ValueError:
                continue
            return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return None


@dataclass(frozen=True)
class Bundle:
    """Which of the bundle's files a path holds (a zip or a single CSV)."""

    path: Path

    @contextmanager
    def open(self, member: str) -> Iterator[IO[bytes] | None]:
        if zipfile.is_zipfile(self.path):
            with zipfile.ZipFile(self.path) as archive:
                names = {Path(name).name: name for name in archive.namelist()}
                if member not in names:
                    yield None
                    return
                with archive.open(names[member]) as handle:
                    yield handle
            return
        if (
            self.path.name == member
            or (member == ADVERTISERS and "advertiser-stats" in self.path.name)
            or (member == CREATIVES and "creative-stats" in self.path.name)
        ):
            with self.path.open("rb") as handle:
                yield handle
            return
        yield None
