"""Format identification with PRONOM identifiers (PUIDs), by the Open Preservation
Foundation's FIDO (``opf-fido``), the signatures it ships with: used for the
``file-ffid.csv`` of a transfer to The National Archives and for a record's media type."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fido import CONFIG_DIR, __version__
from fido.fido import Fido
from fido.versions import get_local_versions

SOFTWARE = "FIDO"
SOFTWARE_VERSION = str(__version__)


@dataclass(frozen=True)
class Identified:
    puid: str
    format_name: str
    basis: str  # "signature", "container", "extension" or "" when nothing matched
    signature_file: str


class _Collector:
    def __init__(self) -> None:
        self.found: list[tuple[Any, str]] = []
        self.basis = ""

    def __call__(
        self, fullname: str, matches: list[Any], delta_t: float, matchtype: str = ""
    ) -> None:
        self.found = list(matches)
        self.basis = matchtype if matches else ""


@functools.cache
def _identifier() -> tuple[Any, _Collector, str]:
    versions = get_local_versions(CONFIG_DIR)
    collector = _Collector()
    fido = Fido(
        quiet=True,
        handle_matches=collector,
        nocontainer=True,
        format_files=[versions.pronom_signature, versions.fido_extension_signature],
    )
    return fido, collector, str(versions.pronom_signature)


def identify(path: Path) -> Identified:
    """The format of the file at ``path`` (its first match; UNKNOWN when none)."""
    fido, collector, signatures = _identifier()
    collector.found, collector.basis = [], ""
    fido.identify_file(str(path))
    if not collector.found:
        return Identified("", "", "", signatures)
    form = collector.found[0][0]
    name = form.find("name")
    return Identified(
        puid=str(fido.get_puid(form)),
        format_name="" if name is None else str(name.text or ""),
        basis=collector.basis,
        signature_file=signatures,
    )
