"""The guidance editor for staff: documents, drafts made of blocks (rows), review by a
second person, scheduled publication and change notes. Plain forms, no JavaScript."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regulator.core import clock
from regulator.core.permissions import permission_check, permission_required
from regulator.guidance import selectors, services
from regulator.guidance.forms import BlockForm, DocumentForm, ReviewForm, VersionForm
from regulator.guidance.models import Block, Version


def _version(pk: int) -> Version:
    found = selectors.version_get(pk=pk)
    if found is None:
        raise Http404
    return found


def _block(pk: int) -> Block:
    found = selectors.block_get(pk=pk)
    if found is None:
        raise Http404
    return found


def _edit_url(version: Version) -> str:
    return reverse("guidance:staff_version", kwargs={"pk": version.pk})


@permission_required("guidance.edit_guidance")
def staff_index(request: HttpRequest) -> HttpResponse:
    documents = []
    for document in selectors.documents_all():
        current = selectors.version_in_force(document=document, on=clock.local_today())
        documents.append({"document": document, "current": current})
    return render(
        request,
        "guidance/staff/index.html",
        {"documents": documents, "open_versions": selectors.versions_open()},
    )


@permission_required("guidance.edit_guidance")
def staff_document_new(request: HttpRequest) -> HttpResponse:
    form = DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(**form.cleaned_data, actor=request.user)
        except services.GuidanceError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect(_edit_url(document.versions.get(number=1)))
    return render(
        request,
        "guidance/staff/document_new.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@permission_required("guidance.edit_guidance")
def staff_draft_new(request: HttpRequest, slug: str) -> HttpResponse:
    document = selectors.document_get(slug=slug)
    if document is None:
        raise Http404
    try:
        draft = services.version_draft_create(document=document, actor=request.user)
    except services.GuidanceError as exc:
        messages.error(request, exc.message)
        return redirect("guidance:staff_index")
    return redirect(_edit_url(draft))


def _version_initial(version: Version) -> dict[str, Any]:
    return {name: getattr(version, name) for name in services.VERSION_FIELDS}


@permission_required("guidance.edit_guidance")
def staff_version(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(pk)
    editable = version.status == "draft"
    form = VersionForm(request.POST or None, initial=_version_initial(version))
    if request.method == "POST":
        if not editable:
            raise Http404
        if form.is_valid():
            services.version_update(version=version, changes=form.cleaned_data, actor=request.user)
            messages.success(request, _("Saved."))
            return redirect(_edit_url(version))
    return render(
        request,
        "guidance/staff/version.html",
        {
            "version": version,
            "form": form,
            "block_form": BlockForm(prefix="new"),
            "blocks": version.blocks.order_by("position"),
            "editable": editable,
            "problems": services.version_problems(version) if editable else [],
            "review_form": ReviewForm(),
            "can_review": version.status == "in-review"
            and request.user.has_perm("guidance.review_guidance", version),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@permission_required("guidance.edit_guidance")
def staff_block_add(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(pk)
    form = BlockForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            services.block_add(version=version, **form.cleaned_data, actor=request.user)
        except services.GuidanceError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Choose the kind of block and enter its text."))
    return redirect(_edit_url(version) + "#blocks")


@permission_required("guidance.edit_guidance")
def staff_block(request: HttpRequest, pk: int) -> HttpResponse:
    block = _block(pk)
    initial = {
        name: getattr(block, name)
        for name in ("kind", "anchor", "text_en", "text_cy", "figure_code")
    }
    form = BlockForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.block_update(block=block, **form.cleaned_data, actor=request.user)
        except services.GuidanceError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect(_edit_url(block.version) + "#blocks")
    return render(
        request,
        "guidance/staff/block.html",
        {"item": block, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@permission_required("guidance.edit_guidance")
def staff_block_action(request: HttpRequest, pk: int) -> HttpResponse:
    block = _block(pk)
    action = request.POST.get("action", "")
    try:
        if action == "delete":
            services.block_delete(block=block, actor=request.user)
        elif action in {"up", "down"}:
            services.block_move(block=block, up=action == "up", actor=request.user)
    except services.GuidanceError as exc:
        messages.error(request, exc.message)
    return redirect(_edit_url(block.version) + "#blocks")


@require_POST
@permission_required("guidance.edit_guidance")
def staff_version_submit(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(pk)
    try:
        services.version_submit(version=version, actor=request.user)
    except services.GuidanceError as exc:
        for problem in exc.problems:
            messages.error(request, problem)
    else:
        messages.success(request, _("Sent for review by a second person."))
    return redirect(_edit_url(version))


@require_POST
@permission_required("guidance.review_guidance")
def staff_version_review(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(pk)
    permission_check(request, "guidance.review_guidance", version)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to approve the version or send it back."))
        return redirect(_edit_url(version))
    try:
        if form.cleaned_data["decision"] == "approve":
            day = form.cleaned_data.get("publish_on")
            when = (
                dt.datetime.combine(day, dt.time(7, 0), tzinfo=clock.local_zone()) if day else None
            )
            services.version_approve(version=version, actor=request.user, publish_at=when)
            messages.success(request, _("Approved."))
        else:
            services.version_return(
                version=version, comment=form.cleaned_data["comment"], actor=request.user
            )
            messages.success(request, _("Sent back to the author."))
    except services.GuidanceError as exc:
        messages.error(request, exc.message)
    return redirect(_edit_url(version))
