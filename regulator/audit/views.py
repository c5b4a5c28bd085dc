"""The public face of the audit chain: the signed checkpoints and the key to check them.

Both are anonymous, read-only, cacheable JSON/PEM documents outside the language prefix.
"""

from __future__ import annotations

import hashlib
import json

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from django.views.decorators.http import condition, require_safe

from regulator.audit import signing
from regulator.audit.models import AuditCheckpoint
from regulator.audit.services import checkpoint_as_dict

CACHE_SECONDS = 300


def _checkpoints_etag(request: HttpRequest) -> str:
    latest = AuditCheckpoint.objects.order_by("-size").values_list("size", "signature").first()
    count = AuditCheckpoint.objects.count()
    return hashlib.sha256(f"{count}:{latest}".encode()).hexdigest()[:32]


def _public(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
@condition(etag_func=_checkpoints_etag)
def checkpoints(request: HttpRequest) -> HttpResponse:
    """Every checkpoint, newest first, with what a verifier needs to check them."""
    document = {
        "description": (
            "Signed checkpoints of the audit chain: at created_at the chain had size events "
            "and the hash of the last one was head_hash. Each signature is Ed25519 over the "
            "canonical JSON of {size, head_hash, created_at, key_id} (sorted keys, no "
            "spaces). See docs/audit.md."
        ),
        "algorithm": "Ed25519",
        "public_key_url": request.build_absolute_uri("/audit/public-key.pem"),
        "checkpoints": [
            checkpoint_as_dict(c) for c in AuditCheckpoint.objects.order_by("-size").iterator()
        ],
    }
    response = HttpResponse(
        json.dumps(document, indent=1, sort_keys=True), content_type="application/json"
    )
    return _public(response)


@require_safe
def public_key(request: HttpRequest) -> HttpResponse:
    """The public half of the checkpoint signing key (404 until a key exists)."""
    try:
        key = signing.private_key(create=False)
    except signing.SigningKeyMissingError:
        return HttpResponse(
            gettext("No checkpoint has been signed yet.") + "\n",
            status=404,
            content_type="text/plain",
        )
    except signing.SigningKeyInvalidError:
        # Misconfigured server: say so without revealing the key file's path.
        return HttpResponse(
            gettext("The public key is temporarily unavailable.") + "\n",
            status=503,
            content_type="text/plain",
        )
    public = key.public_key()
    response = HttpResponse(
        signing.public_key_pem(public), content_type="application/x-pem-file; charset=ascii"
    )
    response["X-Key-Id"] = signing.key_id(public)
    return _public(response)
