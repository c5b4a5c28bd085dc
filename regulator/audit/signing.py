"""The checkpoint signing key (Ed25519) and the signed statement.

The private key lives in ``settings.AUDIT_SIGNING_KEY_FILE`` (PEM, PKCS#8). Outside
production a missing key is generated there (mode 0600) on first use; production refuses
to sign without it. The public key is published at /audit/public-key.pem; its ``key_id``
is the first 16 hex digits of SHA-256 over the raw 32-byte public key.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings

from regulator.audit.hashing import canonical_json
from regulator.core.errors import RegulatorError

SIGNED_FIELDS = ("size", "head_hash", "created_at", "key_id")


class SigningKeyMissingError(RegulatorError):
    code = "audit_signing_key_missing"


class SigningKeyInvalidError(RegulatorError):
    code = "audit_signing_key_invalid"


def key_file() -> Path:
    return Path(settings.AUDIT_SIGNING_KEY_FILE)


def may_generate_key() -> bool:
    """Generating a key is for developers' machines and tests, never production."""
    if not getattr(settings, "AUDIT_SIGNING_KEY_AUTOGENERATE", True):
        return False
    return not str(getattr(settings, "SETTINGS_MODULE", "") or "").endswith(".production")


def _generate(path: Path) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL: two processes starting at once cannot overwrite each other's key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _load(path)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    return key


def _load(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError) as error:
        raise SigningKeyInvalidError(
            f"The audit signing key {path} is not an unencrypted PEM private key: {error}"
        ) from error
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyInvalidError(f"The audit signing key {path} is not an Ed25519 key.")
    return key


def private_key(*, create: bool = True) -> Ed25519PrivateKey:
    path = key_file()
    if path.exists():
        return _load(path)
    if create and may_generate_key():
        return _generate(path)
    raise SigningKeyMissingError(
        f"The audit signing key file {path} does not exist. In production, create an "
        "Ed25519 key (openssl genpkey -algorithm ed25519 -out KEY.pem; chmod 600 KEY.pem) "
        "and set AUDIT_SIGNING_KEY_FILE to its path."
    )


def public_key_raw(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_pem(public: Ed25519PublicKey) -> str:
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def key_id(public: Ed25519PublicKey) -> str:
    return hashlib.sha256(public_key_raw(public)).hexdigest()[:16]


def load_public_key_pem(data: bytes) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(data)
    if not isinstance(key, Ed25519PublicKey):
        raise SigningKeyInvalidError("The public key is not an Ed25519 key.")
    return key


def statement(fields: dict[str, Any]) -> bytes:
    """The exact bytes that are signed: canonical JSON of size, head_hash, created_at and
    key_id, and the tree of subjects' root on checkpoints that have one."""
    names = (*SIGNED_FIELDS, "tree_root") if fields.get("tree_root") else SIGNED_FIELDS
    return canonical_json({name: fields[name] for name in names}).encode("utf-8")


def sign(key: Ed25519PrivateKey, fields: dict[str, Any]) -> str:
    return base64.b64encode(key.sign(statement(fields))).decode("ascii")


def signature_valid(public: Ed25519PublicKey, fields: dict[str, Any], signature: str) -> bool:
    try:
        public.verify(base64.b64decode(signature, validate=True), statement(fields))
    except (InvalidSignature, ValueError):
        return False
    return True
