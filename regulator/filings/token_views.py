"""A filer's own tokens for the filing API: list, create (the key shown once), revoke.

The tokens are issued and revoked by the same services as ``manage.py
filings_token_issue`` (``services.filer_token_issue`` / ``filer_token_revoke``: only a
hash kept, both audited). A token acts as its user within that user's memberships, so a
filer must hold a membership of some entity to create one, and creating one needs a
recent sign-in, as declaring a return does."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from regulator.core.permissions import (
    permission_required,
    reauthentication_required,
)
from regulator.filings.forms import FilerTokenForm
from regulator.filings.models import FilerToken
from regulator.filings.services import filer_token_issue, filer_token_revoke
from regulator.register import selectors as register_selectors


def _filer(request: HttpRequest) -> None:
    if not request.user.has_perm("filings.view_dashboard"):
        raise PermissionDenied


def _has_membership(request: HttpRequest) -> bool:
    return bool(register_selectors.entity_ids_for_member(user=request.user))


@require_safe
@never_cache
@permission_required()
def token_list(request: HttpRequest) -> HttpResponse:
    _filer(request)
    tokens = FilerToken.objects.filter(user_id=int(request.user.pk or 0)).order_by("-created_at")
    return render(
        request,
        "filings/token_list.html",
        {"tokens": tokens, "can_create": _has_membership(request)},
    )


@require_http_methods(["GET", "POST"])
@never_cache
@permission_required()
def token_create(request: HttpRequest) -> HttpResponse:
    # Refuse first, so that a user who may not create a token is never asked to sign in
    # again for nothing.
    _filer(request)
    if not _has_membership(request):
        raise PermissionDenied
    return _token_create(request)


@reauthentication_required
def _token_create(request: HttpRequest) -> HttpResponse:
    form = FilerTokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        token, key = filer_token_issue(
            user=request.user, name=form.cleaned_data["name"].strip(), actor=request.user
        )
        # Rendered, not redirected: the key exists only in this response (never_cache).
        return render(request, "filings/token_created.html", {"token": token, "key": key})
    return render(request, "filings/token_create.html", {"form": form})


@require_http_methods(["GET", "POST"])
@permission_required()
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    _filer(request)
    # Another user's token does not exist as far as this user can tell.
    token = FilerToken.objects.filter(pk=token_id, user_id=int(request.user.pk or 0)).first()
    if token is None:
        raise Http404
    if not token.is_active:
        messages.error(request, _("This token has already been revoked"))
        return redirect("filings:tokens")
    if request.method == "POST":
        filer_token_revoke(token=token, actor=request.user)
        messages.success(
            request, _("Token %(prefix)s revoked: it no longer works") % {"prefix": token.prefix}
        )
        return redirect("filings:tokens")
    return render(request, "filings/token_revoke.html", {"token": token})
