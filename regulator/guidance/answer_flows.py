"""The four step-by-step answers (see ``answers`` for how a flow is read): whether a
donation must be reported, whether a donor is permissible, whether a non-party
campaigner must notify, and when a return is due."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.utils.translation import gettext as _

from regulator.guidance import selectors
from regulator.guidance.answers import (
    Answers,
    Flow,
    Outcome,
    Question,
    figure,
    money,
    shown,
    yes_no,
)
from regulator.guidance.types import DeadlineKind, DeadlineRequest

# --- 1. Do I need to report this donation? ------------------------------------------------


def _recipients() -> list[tuple[str, str]]:
    return [
        ("central-party", _("A party's central organisation")),
        ("accounting-unit", _("A party's accounting unit")),
        ("regulated-donee", _("A regulated donee (for example an MP or councillor)")),
    ]


def _decide_donation(answers: Answers) -> Outcome:
    received: dt.date = answers["received"]
    value: Decimal = answers["value"]
    recipient = answers["recipient"]
    donations = "donations-to-parties"
    sections = [f"{donations}#what-is-a-donation", f"{donations}#reporting-thresholds"]
    try:
        minimum = figure("donation_minimum", received)
        central = recipient == "central-party"
        threshold_code = "central_reporting_threshold" if central else "accounting_unit_threshold"
        threshold = figure(threshold_code, received)
        further = figure("further_gift_threshold", received)
    except LookupError:
        return Outcome(
            "info",
            _("We cannot answer for that date"),
            [_("We hold no statutory thresholds for the date you gave. Check the date.")],
            sections,
        )
    figures = [
        shown(_("Smallest donation under the law"), "donation_minimum", received),
        shown(_("Reporting threshold for this recipient"), threshold_code, received),
    ]
    if recipient == "regulated-donee":
        sections.append("regulated-donees-reporting#donee-reporting")
    if value <= minimum:
        return Outcome(
            "no",
            _("You do not need to report it"),
            [
                _("At %(value)s it is not over %(minimum)s, so it is not a donation under the law.")
                % {"value": money(value), "minimum": money(minimum)}
            ],
            sections,
            figures,
        )
    if answers.get("reported") == "yes":
        figures.append(
            shown(_("Threshold for further gifts in the year"), "further_gift_threshold", received)
        )
        sections.append(f"{donations}#aggregation")
        if value > further:
            return Outcome(
                "yes",
                _("You need to report it"),
                [
                    _(
                        "You have already reported a gift from this source this year, and this one is over %(further)s."
                    )
                    % {"further": money(further)}
                ],
                sections,
                figures,
            )
        return Outcome(
            "no",
            _("You do not need to report it on its own"),
            [
                _(
                    "It is not over %(further)s. Keep adding it to the year's total from this source."
                )
                % {"further": money(further)}
            ],
            sections,
            figures,
        )
    total = value + answers.get("year_total", Decimal(0))
    if value > threshold:
        return Outcome(
            "yes",
            _("You need to report it"),
            [
                _(
                    "At %(value)s it is over the reporting threshold of %(threshold)s in force on %(date)s."
                )
                % {
                    "value": money(value),
                    "threshold": money(threshold),
                    "date": received.strftime("%d/%m/%Y"),
                }
            ],
            sections,
            figures,
        )
    if total > threshold:
        sections.append(f"{donations}#aggregation")
        return Outcome(
            "yes",
            _("You need to report it, marked as aggregated"),
            [
                _(
                    "With the other gifts from this source this calendar year the total is %(total)s, over %(threshold)s."
                )
                % {"total": money(total), "threshold": money(threshold)}
            ],
            sections,
            figures,
        )
    return Outcome(
        "no",
        _("You do not need to report it yet"),
        [
            _(
                "It and the year's other gifts from this source add up to %(total)s, not over %(threshold)s. Keep a running total."
            )
            % {"total": money(total), "threshold": money(threshold)}
        ],
        sections,
        figures,
    )


DONATION = Flow(
    slug="report-a-donation",
    title=lambda: _("Do I need to report this donation?"),
    intro=lambda: _(
        "Answer a few questions to find out whether a donation must be reported, using the thresholds in force on the day you received it."
    ),
    questions=[
        Question("recipient", lambda: _("Who received the donation?"), "choice", _recipients),
        Question(
            "value",
            lambda: _("How much is the donation worth?"),
            "money",
            hint=lambda: _("For goods or services, their market value."),
        ),
        Question(
            "received",
            lambda: _("When did you receive it?"),
            "date",
            hint=lambda: _("For example, 27 3 2024"),
        ),
        Question(
            "reported",
            lambda: _("Have you already reported a donation from this source this calendar year?"),
            "choice",
            yes_no,
        ),
        Question(
            "year_total",
            lambda: _("What is the total of the other gifts from this source this calendar year?"),
            "money",
            hint=lambda: _("Donations and loans together. Enter 0 if there are none."),
            asked=lambda answers: answers.get("reported") == "no",
        ),
    ],
    decide=_decide_donation,
)


# --- 2. Is this donor permissible? --------------------------------------------------------------


def _donor_kinds() -> list[tuple[str, str]]:
    return [
        ("individual", _("An individual")),
        ("company", _("A company")),
        ("party", _("A registered political party")),
        ("trade-union", _("A trade union")),
        ("building-society", _("A building society")),
        ("llp", _("A limited liability partnership")),
        ("friendly-society", _("A friendly, industrial or provident society")),
        ("association", _("An unincorporated association")),
        ("unidentified", _("I cannot identify the donor")),
        ("other", _("Someone else, for example a foreign organisation")),
    ]


def _permissible_recipients() -> list[tuple[str, str]]:
    return [
        ("party", _("A political party")),
        ("non-party-campaigner", _("A non-party campaigner")),
        ("regulated-donee", _("A regulated donee")),
    ]


CONDITIONS = {
    "individual": lambda: _(
        "Was the donor on a UK electoral register on the day you received the gift?"
    ),
    "company": lambda: _(
        "Is the company registered and incorporated in the UK and carrying on business in the UK?"
    ),
    "llp": lambda: _("Is the partnership registered in the UK and carrying on business in the UK?"),
    "association": lambda: _(
        "Does the association carry on business or other activities in the UK, with its main office here?"
    ),
}


def _decide_donor(answers: Answers) -> Outcome:
    received: dt.date = answers["received"]
    kind = answers["donor"]
    sections = ["donations-to-parties#who-can-give", "donations-to-parties#impermissible-donations"]
    figures = [
        shown(_("Time to return an impermissible gift"), "impermissible_return_days", received)
    ]
    try:
        days = int(figure("impermissible_return_days", received))
    except LookupError:
        days = 0
    due = received + dt.timedelta(days=days)
    back = _(
        "Return it to the donor by %(date)s (%(days)s days after you received it) and record what you did."
    ) % {
        "date": due.strftime("%d/%m/%Y"),
        "days": days,
    }
    if kind == "unidentified":
        return Outcome(
            "no",
            _("You cannot keep this donation"),
            [
                _(
                    "A donation from a source you cannot identify is not permissible. Send it to the Commission by %(date)s."
                )
                % {"date": due.strftime("%d/%m/%Y")}
            ],
            sections,
            figures,
        )
    if kind == "individual":
        sections.append("donations-to-parties#individuals-on-the-register")
    if kind in {"company", "llp"}:
        sections.append("donations-to-parties#checking-company-donors")
    if kind == "association":
        sections.append("donations-to-parties#unincorporated-associations")
    irish = answers.get("northern_ireland") == "yes" and answers.get("irish") == "yes"
    if irish:
        sections.append("donations-to-parties#irish-sources")
        return Outcome(
            "yes",
            _("The donor is permissible"),
            [
                _(
                    "Recipients in Northern Ireland may accept donations from qualifying Irish sources."
                )
            ],
            sections,
            figures,
        )
    if kind == "other":
        return Outcome("no", _("The donor is not permissible"), [back], sections, figures)
    if kind == "party" and answers["recipient"] == "non-party-campaigner":
        sections.append("non-party-campaigners#donations-to-campaigners")
        return Outcome(
            "no",
            _("The donor is not permissible"),
            [_("A registered party may not give to a non-party campaigner."), back],
            sections,
            figures,
        )
    if kind in CONDITIONS and answers.get("condition") != "yes":
        return Outcome("no", _("The donor is not permissible"), [back], sections, figures)
    return Outcome(
        "yes",
        _("The donor is permissible"),
        [_("Keep a record of the checks you made on the day you received the gift.")],
        sections,
        figures,
    )


DONOR = Flow(
    slug="is-this-donor-permissible",
    title=lambda: _("Is this donor permissible?"),
    intro=lambda: _(
        "Check whether you may accept a donation from this source, and what to do if you may not."
    ),
    questions=[
        Question(
            "recipient", lambda: _("Who received the donation?"), "choice", _permissible_recipients
        ),
        Question(
            "northern_ireland",
            lambda: _("Is the recipient in Northern Ireland?"),
            "choice",
            yes_no,
        ),
        Question("donor", lambda: _("Who is the donor?"), "choice", _donor_kinds),
        Question(
            "condition",
            lambda: _("Does the donor meet the condition?"),
            "choice",
            yes_no,
            asked=lambda answers: answers.get("donor") in CONDITIONS,
        ),
        Question(
            "irish",
            lambda: _("Is the donor a qualifying Irish source?"),
            "choice",
            yes_no,
            asked=lambda answers: (
                answers.get("northern_ireland") == "yes"
                and answers.get("donor") in {"individual", "company", "other", "association"}
            ),
        ),
        Question(
            "received",
            lambda: _("When did you receive the donation?"),
            "date",
            hint=lambda: _("For example, 27 3 2024"),
        ),
    ],
    decide=_decide_donor,
)


# --- 3. Do I need to notify as a non-party campaigner? ------------------------------------


def _decide_notify(answers: Answers) -> Outcome:
    on: dt.date = answers["start"]
    sections = ["non-party-campaigners#when-to-notify"]
    try:
        england_limit = figure("npc_notification_england", on)
        other_limit = figure("npc_notification_other", on)
    except LookupError:
        return Outcome(
            "info",
            _("We cannot answer for that date"),
            [_("We hold no thresholds for that date.")],
            sections,
        )
    figures = [
        shown(_("Notification threshold in England"), "npc_notification_england", on),
        shown(
            _("Notification threshold in Scotland, Wales or Northern Ireland"),
            "npc_notification_other",
            on,
        ),
    ]
    over = []
    if answers["england"] > england_limit:
        over.append(_("England"))
    for name, label in (
        ("scotland", _("Scotland")),
        ("wales", _("Wales")),
        ("northern_ireland_spend", _("Northern Ireland")),
    ):
        if answers[name] > other_limit:
            over.append(label)
    if over:
        return Outcome(
            "yes",
            _("You need to notify the Commission"),
            [
                _(
                    "You plan to spend over the threshold in: %(places)s. Notify before you spend over it."
                )
                % {"places": ", ".join(over)}
            ],
            sections,
            figures,
        )
    total = (
        answers["england"]
        + answers["scotland"]
        + answers["wales"]
        + answers["northern_ireland_spend"]
    )
    eligibility = selectors.figure_value("npc_eligibility_uk", on)
    if eligibility is not None:
        figures.append(
            shown(_("UK-wide spending above which you must be eligible"), "npc_eligibility_uk", on)
        )
        if total > eligibility:
            sections.append("non-party-campaigners#eligibility")
            return Outcome(
                "info",
                _("You do not need to notify, but you must be an eligible campaigner"),
                [
                    _("Your UK-wide spending of %(total)s is over %(limit)s.")
                    % {"total": money(total), "limit": money(eligibility)}
                ],
                sections,
                figures,
            )
    return Outcome(
        "no",
        _("You do not need to notify the Commission"),
        [_("Your planned spending is under every threshold.")],
        sections,
        figures,
    )


def _spend(name: str, label: Callable[[], str]) -> Question:
    return Question(name, label, "money", hint=lambda: _("Enter 0 if none."))


NOTIFY = Flow(
    slug="do-i-need-to-notify",
    title=lambda: _("Do I need to notify as a non-party campaigner?"),
    intro=lambda: _(
        "Find out whether your planned campaign spending means you must notify the Commission."
    ),
    questions=[
        Question(
            "start",
            lambda: _("When does your campaigning start?"),
            "date",
            hint=lambda: _("For example, 1 9 2026"),
        ),
        _spend("england", lambda: _("How much do you plan to spend in England?")),
        _spend("scotland", lambda: _("How much do you plan to spend in Scotland?")),
        _spend("wales", lambda: _("How much do you plan to spend in Wales?")),
        _spend(
            "northern_ireland_spend",
            lambda: _("How much do you plan to spend in Northern Ireland?"),
        ),
    ],
    decide=_decide_notify,
)


# --- 4. When is my return due? -------------------------------------------------------------


def _returns() -> list[tuple[str, str]]:
    return [
        (DeadlineKind.QUARTERLY, _("A quarterly donations and loans report")),
        (DeadlineKind.PRE_POLL, _("A weekly pre-poll report")),
        (DeadlineKind.SPENDING, _("A campaign spending return")),
        (DeadlineKind.DONEE, _("A regulated donee's report of a donation")),
        (DeadlineKind.ACCOUNTS, _("A statement of accounts")),
    ]


DATE_LABELS = {
    DeadlineKind.QUARTERLY: lambda: _("When did the quarter end?"),
    DeadlineKind.PRE_POLL: lambda: _("When did the week end?"),
    DeadlineKind.SPENDING: lambda: _("When was polling day?"),
    DeadlineKind.DONEE: lambda: _("When did you accept the donation?"),
    DeadlineKind.ACCOUNTS: lambda: _("When did the financial year end?"),
}
SECTIONS = {
    DeadlineKind.QUARTERLY: "party-reporting-deadlines#quarterly-reports",
    DeadlineKind.PRE_POLL: "party-reporting-deadlines#pre-poll-reports",
    DeadlineKind.SPENDING: "party-campaign-spending#spending-returns",
    DeadlineKind.DONEE: "regulated-donees-reporting#donee-deadline",
    DeadlineKind.ACCOUNTS: "statements-of-accounts#accounts-deadlines",
}


def _decide_due(answers: Answers) -> Outcome:
    kind = DeadlineKind(answers["return"])
    end: dt.date = answers["period_end"]
    large = answers.get("large") == "yes"
    due = selectors.deadline_due(DeadlineRequest(kind=kind, period_end=end, audited=large))
    sections = [SECTIONS[kind], "party-reporting-deadlines#late-reports"]
    if due is None:
        return Outcome(
            "info",
            _("We cannot work out the date"),
            [_("We hold no deadline rule for that date.")],
            sections,
        )
    from regulator.guidance import keydates

    paragraphs = [_("It is in time until the end of that day, UK time.")]
    if keydates.is_bank_holiday(due):
        paragraphs.append(
            _("That day is a bank holiday: the deadline does not move, so send it before.")
        )
    return Outcome(
        "info",
        _("Your return is due by %(date)s") % {"date": due.strftime("%d/%m/%Y")},
        paragraphs,
        sections,
    )


DUE = Flow(
    slug="when-is-my-return-due",
    title=lambda: _("When is my return due?"),
    intro=lambda: _(
        "Work out the last day to deliver a report or return, from the deadline rules in force."
    ),
    questions=[
        Question("return", lambda: _("What are you reporting?"), "choice", _returns),
        Question(
            "period_end",
            lambda: _("When did the period end?"),
            "date",
            hint=lambda: _("For example, 31 3 2026"),
        ),
        Question(
            "large",
            lambda: _("Does it need an auditor's report?"),
            "choice",
            yes_no,
            asked=lambda answers: (
                answers.get("return") in {DeadlineKind.SPENDING, DeadlineKind.ACCOUNTS}
            ),
        ),
    ],
    decide=_decide_due,
)

FLOWS: dict[str, Flow] = {flow.slug: flow for flow in (DONATION, DONOR, NOTIFY, DUE)}


def question_label(flow: Flow, question: Question, answers: Answers) -> str:
    if flow is DONATION and question.name == "year_total" and "received" in answers:
        return _(
            "What is the total of the other gifts over %(minimum)s from this source this "
            "calendar year?"
        ) % {"minimum": selectors.figure_text("donation_minimum", answers["received"])}
    if flow is DUE and question.name == "large" and "period_end" in answers:
        code = (
            "spending_audit_threshold"
            if answers.get("return") == DeadlineKind.SPENDING
            else "accounts_audit_threshold"
        )
        return _(
            "Was the spending or income over %(threshold)s, so that it needs an auditor's report?"
        ) % {"threshold": selectors.figure_text(code, answers["period_end"])}
    if flow is DUE and question.name == "period_end" and answers.get("return") in DATE_LABELS:
        return DATE_LABELS[DeadlineKind(answers["return"])]()
    if flow is DONOR and question.name == "condition" and answers.get("donor") in CONDITIONS:
        return CONDITIONS[answers["donor"]]()
    return question.label()
