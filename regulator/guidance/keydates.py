"""Key dates: the statutory timetable of each forthcoming poll (Democracy Club's
``uk-election-timetables``, which works from its own bundled bank-holiday data and never
goes online for a timetable), and the reporting deadlines that follow from the platform's
own deadline rules (through ``types.DEADLINE_CALCULATORS``, filled by filings). Dates that
fall on a bank holiday are flagged from ``govuk-bank-holidays``' cached data (the Act's
periods are calendar days: the deadline does not move, but the reader should know)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from uk_election_timetables.calendars import Country
from uk_election_timetables.election_ids import (
    AmbiguousElectionIdError,
    InvalidElectionIdError,
    NoSuchElectionTypeError,
    from_election_id,
    type_and_poll_date,
)

from regulator.core import workdays
from regulator.guidance.models import Poll
from regulator.guidance.types import DeadlineKind, DeadlineRequest

COUNTRIES = {
    "england": Country.ENGLAND,
    "scotland": Country.SCOTLAND,
    "wales": Country.WALES,
    "northern-ireland": Country.NORTHERN_IRELAND,
}
DIVISIONS = {
    "england": workdays.ENGLAND_AND_WALES,
    "wales": workdays.ENGLAND_AND_WALES,
    "scotland": workdays.SCOTLAND,
    "northern-ireland": workdays.NORTHERN_IRELAND,
}


class PollIdError(ValueError):
    pass


def poll_date_of(election_id: str) -> dt.date:
    try:
        return type_and_poll_date(election_id)[1]
    except InvalidElectionIdError as exc:
        raise PollIdError(str(exc)) from exc


def _event_labels() -> dict[str, str]:
    return {
        "NOTICE_OF_ELECTION_DEADLINE": _("Last day to publish the notice of election"),
        "CLOSE_OF_NOMINATIONS": _("Close of nominations"),
        "SOPN_PUBLISH_DEADLINE": _("Statement of persons nominated published by"),
        "REGISTRATION_DEADLINE": _("Last day to register to vote"),
        "POSTAL_VOTE_APPLICATION_DEADLINE": _("Last day to apply for a postal vote"),
        "VAC_APPLICATION_DEADLINE": _("Last day to apply for a Voter Authority Certificate"),
    }


@dataclass(frozen=True)
class KeyDate:
    uid: str
    date: dt.date
    title: str
    category: str  # "poll" | "timetable" | "deadline"
    poll: str = ""
    bank_holiday: bool = False


def is_bank_holiday(day: dt.date, country: str = "england") -> bool:
    return day in workdays.bank_holidays(DIVISIONS.get(country, workdays.ENGLAND_AND_WALES))


def poll_dates(poll: Poll, language: str) -> list[KeyDate]:
    """Polling day and its statutory timetable; for a UK general election, the parties'
    spending returns (due by the deadline rules, under and over the audit threshold)."""
    from regulator.guidance import selectors

    name = poll.name(language)
    dates = [
        KeyDate(
            uid=f"{poll.election_id}/poll",
            date=poll.poll_date,
            title=_("Polling day: %(poll)s") % {"poll": name},
            category="poll",
            poll=poll.election_id,
        )
    ]
    labels = _event_labels()
    try:
        election = from_election_id(poll.election_id, country=COUNTRIES.get(poll.country))
        timetable = election.timetable
    except (
        InvalidElectionIdError,
        NoSuchElectionTypeError,
        AmbiguousElectionIdError,
        NotImplementedError,
    ):
        timetable = []
    for event in timetable:
        label = labels.get(event["event"], event["label"])
        dates.append(
            KeyDate(
                uid=f"{poll.election_id}/{event['event'].lower()}",
                date=event["date"],
                title=f"{label} ({name})",
                category="timetable",
                poll=poll.election_id,
                bank_holiday=is_bank_holiday(event["date"], poll.country),
            )
        )
    if poll.general_election:
        for audited, uid, label in (
            (
                False,
                "spending",
                _("Parties' spending returns due (spending up to the audit threshold)"),
            ),
            (
                True,
                "spending-audited",
                _("Parties' spending returns due (audited, above the threshold)"),
            ),
        ):
            request = DeadlineRequest(
                kind=DeadlineKind.SPENDING,
                period_end=poll.poll_date,
                audited=audited,
            )
            due = selectors.deadline_due(request)
            if due is not None:
                dates.append(
                    KeyDate(
                        uid=f"{poll.election_id}/{uid}",
                        date=due,
                        title=f"{label} ({name})",
                        category="deadline",
                        poll=poll.election_id,
                        bank_holiday=is_bank_holiday(due),
                    )
                )
    return dates


def quarter_end(year: int, quarter: int) -> dt.date:
    month = quarter * 3
    next_first = dt.date(year + (month == 12), month % 12 + 1, 1)
    return next_first - dt.timedelta(days=1)


def reporting_dates(today: dt.date) -> list[KeyDate]:
    """The quarterly reports due from today for the next year, and the statements of
    accounts for the last financial year."""
    from regulator.guidance import selectors

    dates: list[KeyDate] = []
    year, quarter = today.year, (today.month - 1) // 3 + 1
    # The quarter just ended may still be due; then the next four.
    year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    for _step in range(5):
        end = quarter_end(year, quarter)
        due = selectors.deadline_due(DeadlineRequest(kind=DeadlineKind.QUARTERLY, period_end=end))
        if due is not None and due >= today:
            dates.append(
                KeyDate(
                    uid=f"quarterly/{year}-q{quarter}",
                    date=due,
                    title=_("Quarterly donations and loans report for Q%(quarter)s %(year)s due")
                    % {"quarter": quarter, "year": year},
                    category="deadline",
                    bank_holiday=is_bank_holiday(due),
                )
            )
        year, quarter = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
    year_end = dt.date(today.year - 1, 12, 31)
    for audited, uid, label in (
        (False, "accounts", _("Statements of accounts for %(year)s due (unaudited)")),
        (True, "accounts-audited", _("Statements of accounts for %(year)s due (audited)")),
    ):
        due = selectors.deadline_due(
            DeadlineRequest(kind=DeadlineKind.ACCOUNTS, period_end=year_end, audited=audited)
        )
        if due is not None and due >= today:
            dates.append(
                KeyDate(
                    uid=f"{uid}/{year_end.year}",
                    date=due,
                    title=label % {"year": year_end.year},
                    category="deadline",
                    bank_holiday=is_bank_holiday(due),
                )
            )
    return dates


def key_dates(*, today: dt.date, language: str, horizon_days: int = 3 * 365) -> list[KeyDate]:
    from regulator.guidance import selectors

    dates = reporting_dates(today)
    for poll in selectors.polls_upcoming(on=today):
        dates.extend(poll_dates(poll, language))
    last = today + dt.timedelta(days=horizon_days)
    return sorted(
        (item for item in dates if today <= item.date <= last),
        key=lambda item: (item.date, item.uid),
    )


def icalendar(dates: list[KeyDate], *, stamp: dt.datetime, calendar_name: str) -> str:
    """RFC 5545: one all-day VEVENT per key date, CRLF line endings, long lines folded."""

    def escape(text: str) -> str:
        return (
            text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
        )

    def fold(line: str) -> str:
        out, current = [], line
        while len(current.encode("utf-8")) > 75:
            cut = 74
            while len(current[:cut].encode("utf-8")) > 74:
                cut -= 1
            out.append(current[:cut])
            current = " " + current[cut:]
        out.append(current)
        return "\r\n".join(out)

    stamp_text = stamp.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Electoral regulator//Key dates//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(calendar_name)}",
    ]
    for item in dates:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape(item.uid)}@key-dates.regulator",
            f"DTSTAMP:{stamp_text}",
            f"DTSTART;VALUE=DATE:{item.date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{item.date + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape(item.title)}",
            f"CATEGORIES:{item.category.upper()}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
