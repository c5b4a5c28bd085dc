"""An approved emblem is a record of the register (class ``REG-EMB``, kept twenty years
and then offered to The National Archives): declared into the records store when it is
approved, so the image the register published can be proved years later whatever
happens to the register's own copy."""

from __future__ import annotations

from typing import Any

from regulator.records import services as records_services
from regulator.records.types import Declaration
from regulator.register.models import Emblem

SOURCE = "register.emblem"


def emblem_declare(*, emblem: Emblem, actor: Any) -> None:
    with emblem.image.open("rb") as handle:
        content = handle.read()
    records_services.record_declare(
        declaration=Declaration(
            record_class="REG-EMB",
            title=f"Emblem of {emblem.entity.name}: {emblem.description}",
            source=SOURCE,
            source_id=str(emblem.pk),
            file_name=emblem.image.name.rsplit("/", 1)[-1],
            entity=emblem.entity_id,
        ),
        content=content,
        actor=actor,
    )
