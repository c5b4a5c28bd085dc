"""Step-by-step answers ("smart answers"): one question a page, as plain GET forms, so
they work without JavaScript and every result has a shareable address holding the
answers. The figures come from the statutory figures in force on the date that matters
(through ``selectors.figure_value``), never from numbers written here; each outcome
names the guidance sections it rests on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from regulator.core.cells import parse_date
from regulator.core.errors import InvalidValueError
from regulator.core.money import parse_money
from regulator.guidance import selectors

Answers = dict[str, Any]


@dataclass
class Question:
    name: str
    label: Callable[[], str]
    kind: str  # "choice" | "money" | "date"
    choices: Callable[[], list[tuple[str, str]]] = lambda: []
    hint: Callable[[], str] = lambda: ""
    asked: Callable[[Answers], bool] = lambda answers: True


@dataclass
class Outcome:
    tone: str  # "yes" | "no" | "info"
    heading: str
    paragraphs: list[str]
    sections: list[str]
    figures: list[tuple[str, str, dt.date | None]] = field(default_factory=list)


@dataclass
class Flow:
    slug: str
    title: Callable[[], str]
    intro: Callable[[], str]
    questions: list[Question]
    decide: Callable[[Answers], Outcome]


class Incomplete(Exception):  # noqa: N818 - it reads as what the answers are
    def __init__(self, question: Question, error: str = "") -> None:
        super().__init__(question.name)
        self.question = question
        self.error = error


def yes_no() -> list[tuple[str, str]]:
    # Welsh answers a question about yourself in the first person ("Ydw", not "Ydy").
    return [
        ("yes", pgettext("answer about yourself", "Yes")),
        ("no", pgettext("answer about yourself", "No")),
    ]


def raw_answer(params: Mapping[str, Any], question: Question) -> str:
    value = str(params.get(question.name, "") or "").strip()
    if question.kind == "date" and not value:
        parts = [
            str(params.get(f"{question.name}-{part}", "") or "").strip()
            for part in ("day", "month", "year")
        ]
        if any(parts):
            value = "/".join(parts)
    return value


def clean_answer(question: Question, raw: str) -> Any:
    if question.kind == "choice":
        if raw not in dict(question.choices()):
            raise ValueError(_("Select an answer."))
        return raw
    if question.kind == "money":
        try:
            amount = parse_money(raw)
        except InvalidValueError:
            raise ValueError(
                _("Enter an amount in pounds, for example 2500 or 2,500.00.")
            ) from None
        if amount < 0:
            raise ValueError(_("Enter an amount of £0 or more."))
        return amount
    try:
        day = parse_date(raw)
    except InvalidValueError:
        day = None
    if day is None or day.year < 2010 or day.year > 2100:
        raise ValueError(_("Enter a real date between 2010 and 2100, for example 27/3/2024."))
    return day


def answers_read(flow: Flow, params: Mapping[str, Any], *, submitted: str = "") -> Answers:
    """The answers given so far, in order; raises ``Incomplete`` with the next question
    to ask (and its error, when the visitor has just submitted a bad answer)."""
    answers: Answers = {}
    for question in flow.questions:
        if not question.asked(answers):
            continue
        raw = raw_answer(params, question)
        if not raw:
            error = _("Answer the question to continue.") if submitted == question.name else ""
            raise Incomplete(question, error)
        try:
            answers[question.name] = clean_answer(question, raw)
        except ValueError as exc:
            raise Incomplete(question, str(exc)) from None
    return answers


def canonical(flow: Flow, answers: Answers) -> list[tuple[str, str]]:
    out = []
    for question in flow.questions:
        if question.name in answers:
            value = answers[question.name]
            out.append(
                (question.name, value.isoformat() if isinstance(value, dt.date) else str(value))
            )
    return out


def display(question: Question, value: Any) -> str:
    if question.kind == "choice":
        return dict(question.choices()).get(value, str(value))
    if question.kind == "money":
        return f"£{value:,.2f}"
    return value.strftime("%d/%m/%Y")


def figure(code: str, on: dt.date) -> Decimal:
    value = selectors.figure_value(code, on)
    if value is None:
        raise LookupError(code)
    return value


def shown(label: str, code: str, on: dt.date) -> tuple[str, str, dt.date | None]:
    figure = selectors.figure_in_force(code, on)
    return (label, selectors.figure_text(code, on), figure.effective_from if figure else None)


def money(amount: Decimal) -> str:
    return selectors.figure_format("amount", amount)
