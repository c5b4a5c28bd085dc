"""Frozen packs: the list and "publish this period", a pack's page (with what changed
since it was frozen), its printable page and its exports."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from regulator.audit.types import Actor
from regulator.core import clock
from regulator.core.permissions import permission_required
from regulator.reporting import exports, packs, selectors, services, statutory
from regulator.reporting.catalogue import Result
from regulator.reporting.forms import PublishForm
from regulator.reporting.models import Pack
from regulator.reporting.views import default_period


def _packs_page(request: HttpRequest, form: PublishForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "reporting/packs.html",
        {"form": form, "packs": selectors.packs_all()[:100]},
        status=status,
    )


@require_safe
@permission_required("reporting.view_pack")
def pack_list(request: HttpRequest) -> HttpResponse:
    initial = request.GET.get("period", "") or default_period().code
    return _packs_page(request, PublishForm(initial={"period": initial}))


@require_POST
@permission_required("reporting.publish_pack")
def pack_publish(request: HttpRequest) -> HttpResponse:
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _packs_page(request, form, status=400)
    pack = services.pack_publish(
        period=form.cleaned_data["period"], actor=Actor.for_user(request.user), user=request.user
    )
    messages.success(
        request,
        _("Published %(period)s, edition %(edition)s: its figures are now frozen.")
        % {"period": pack.period, "edition": pack.edition},
    )
    return redirect("reporting:pack_detail", pack_id=pack.pk)


def _pack(pack_id: int) -> Pack:
    pack = selectors.pack_get(pack_id=pack_id)
    if pack is None:
        raise Http404
    return pack


def _context(pack: Pack) -> dict[str, object]:
    return {
        "pack": pack,
        "results": [Result.from_dict(data) for data in pack.measures],
        "tables": [statutory.Table.from_dict(data) for data in pack.statutory],
        "intact": services.pack_digest(pack) == pack.digest,
    }


@require_safe
@permission_required("reporting.view_pack")
def pack_detail(request: HttpRequest, pack_id: int) -> HttpResponse:
    pack = _pack(pack_id)
    context = _context(pack)
    context["changes"] = packs.pack_compare(pack, clock.now())
    context["formats"] = [("xlsx", "XLSX"), ("ods", "ODS"), ("csv", "CSV"), ("pdf", "PDF")]
    return render(request, "reporting/pack.html", context)


@require_safe
@permission_required("reporting.view_pack")
def pack_print(request: HttpRequest, pack_id: int) -> HttpResponse:
    return render(request, "reporting/pack_print.html", _context(_pack(pack_id)))


@require_safe
@permission_required("reporting.view_pack")
def pack_export(request: HttpRequest, pack_id: int, fmt: str) -> HttpResponse:
    if fmt not in exports.FORMATS:
        raise Http404
    pack = _pack(pack_id)
    response = HttpResponse(exports.export(pack, fmt), content_type=exports.FORMATS[fmt])
    name = f"performance-{pack.period}-edition-{pack.edition}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
