"""Computing the catalogue's measures for a period.

A measure's numerator and denominator are dotted names of selectors in the areas that
own the data, resolved here at run time (``importlib``: a name, not an import, so no
area depends on reporting and reporting needs no change when an area lands). A name
whose module or function does not exist, or whose area is not installed, makes the
measure "not yet available": never a number.

Every selector is called as ``fn(start=, end=, as_of=, **params)``: the period's first
and last day (London dates), the instant the figures are taken at, and the definition's
parameters. It answers the records behind the number (a queryset or a list: the number
is how many) or the number itself."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from importlib import import_module
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from regulator.reporting.models import MeasureDefinition
from regulator.reporting.periods import Period

PLACES = {"%": "0.1", "days": "0.1", "ms": "1", "rps": "0.01", "GBP": "0.01", "count": "1"}


class Status:
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NO_TARGET = "no-target"
    NO_DATA = "no-data"
    UNAVAILABLE = "unavailable"


def status_label(status: str) -> str:
    return {
        Status.GREEN: _("Green: target met"),
        Status.AMBER: _("Amber: close to target"),
        Status.RED: _("Red: target missed"),
        Status.NO_TARGET: _("No target"),
        Status.NO_DATA: _("No data in this period"),
        Status.UNAVAILABLE: _("Not yet available"),
    }[status]


def resolve(name: str) -> Callable[..., Any] | None:
    """The selector a dotted name names, or None when its area is not installed or it does
    not exist (yet). Any other import error is a real fault and is raised."""
    module_name, _dot, function = name.rpartition(".")
    parts = module_name.split(".")
    if len(parts) < 2 or not apps.is_installed(".".join(parts[:2])):
        return None
    try:
        module = import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            return None
        raise
    found = getattr(module, function, None)
    return found if callable(found) else None


def call(function: Callable[..., Any], arguments: dict[str, Any]) -> Any:
    """Call a selector with the arguments it takes: a definition's parameters are shared
    by its numerator and denominator, and each takes the ones it names."""
    parameters = inspect.signature(function).parameters
    if not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()):
        arguments = {k: v for k, v in arguments.items() if k in parameters}
    return function(**arguments)


def _amount(answer: Any) -> Decimal | None:
    if answer is None:
        return None
    if isinstance(answer, QuerySet):
        return Decimal(answer.count())
    if isinstance(answer, list | tuple | set | frozenset):
        return Decimal(len(answer))
    return Decimal(str(answer))


def _record_key(item: Any) -> Any:
    pk = getattr(item, "pk", None)
    return pk if pk is not None else getattr(item, "key", str(item))


def _inputs(answer: Any) -> dict[str, Any]:
    if isinstance(answer, QuerySet):
        return {
            "model": answer.model._meta.label,
            "keys": list(answer.values_list("pk", flat=True)),
        }
    if isinstance(answer, list | tuple):
        return {"model": "", "keys": [_record_key(item) for item in answer]}
    return {}


def _round(value: Decimal, unit: str) -> Decimal:
    return value.quantize(Decimal(PLACES.get(unit, "0.01")), rounding=ROUND_HALF_UP)


def status_of(definition: MeasureDefinition, value: Decimal | None) -> str:
    if value is None:
        return Status.NO_DATA
    target, amber = definition.target, definition.amber
    if target is None or definition.direction == "none":
        return Status.NO_TARGET
    better = (lambda a, b: a >= b) if definition.direction == "higher" else (lambda a, b: a <= b)
    if better(value, target):
        return Status.GREEN
    if amber is not None and better(value, amber):
        return Status.AMBER
    return Status.RED


@dataclass
class Result:
    code: str
    version: int
    effective_from: str
    name_en: str
    name_cy: str
    area: str
    owner: str
    unit: str
    direction: str
    target: str | None
    amber: str | None
    value: str | None
    numerator: str | None
    denominator: str | None
    status: str
    available: bool
    reason: str = ""
    published: bool = False
    params: dict[str, Any] = field(default_factory=dict)
    numerator_selector: str = ""
    denominator_selector: str = ""
    inputs: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.name_cy if (get_language() or "en").startswith("cy") else self.name_en

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Result:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def definitions_for(period: Period) -> list[MeasureDefinition]:
    """The version of each measure in force on the period's last day."""
    chosen: dict[str, MeasureDefinition] = {}
    for definition in MeasureDefinition.objects.filter(effective_from__lte=period.end).order_by(
        "code", "effective_from", "version"
    ):
        chosen[definition.code] = definition
    return sorted(chosen.values(), key=lambda d: (d.sort, d.code))


def unavailable_reason(definition: MeasureDefinition) -> str:
    return _("Not yet available: the %(area)s area does not provide this figure yet.") % {
        "area": definition.area
    }


def compute(definition: MeasureDefinition, period: Period, as_of: dt.datetime) -> Result:
    """One measure for one period, as the data stood at ``as_of``."""
    numerator_fn = resolve(definition.numerator)
    denominator_fn = resolve(definition.denominator) if definition.denominator else None
    available = numerator_fn is not None and (
        not definition.denominator or denominator_fn is not None
    )
    base: dict[str, Any] = {
        "code": definition.code,
        "version": definition.version,
        "effective_from": definition.effective_from.isoformat(),
        "name_en": definition.name_en,
        "name_cy": definition.name_cy,
        "area": definition.area,
        "owner": definition.owner,
        "unit": definition.unit,
        "direction": definition.direction,
        "target": _text(definition.target),
        "amber": _text(definition.amber),
        "params": dict(definition.params),
        "published": definition.published,
        "numerator_selector": definition.numerator,
        "denominator_selector": definition.denominator,
    }
    if not available:
        return Result(
            **base,
            value=None,
            numerator=None,
            denominator=None,
            status=Status.UNAVAILABLE,
            available=False,
            reason=unavailable_reason(definition),
        )
    assert numerator_fn is not None
    arguments = {"start": period.start, "end": period.end, "as_of": as_of, **definition.params}
    numerator_answer = call(numerator_fn, arguments)
    numerator = _amount(numerator_answer)
    inputs = {"numerator": _inputs(numerator_answer)}
    denominator: Decimal | None = None
    value: Decimal | None
    if denominator_fn is not None:
        denominator_answer = call(denominator_fn, arguments)
        denominator = _amount(denominator_answer)
        inputs["denominator"] = _inputs(denominator_answer)
        value = (
            None
            if numerator is None or not denominator
            else numerator / denominator * definition.scale
        )
    else:
        value = None if numerator is None else numerator * definition.scale
    value = None if value is None else _round(value, definition.unit)
    return Result(
        **base,
        value=_text(value),
        numerator=_text(numerator),
        denominator=_text(denominator),
        status=status_of(definition, value),
        available=True,
        inputs=inputs,
    )


def compute_all(period: Period, as_of: dt.datetime) -> list[Result]:
    return [compute(definition, period, as_of) for definition in definitions_for(period)]


def as_decimal(text: str | None) -> Decimal | None:
    return None if text in (None, "") else Decimal(str(text))
