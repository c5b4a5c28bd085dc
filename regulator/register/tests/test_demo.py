from __future__ import annotations

import io

import pytest

from regulator.core.demo import DEMO_FILERS, DONEE_ID, DONEE_NAME
from regulator.register import demo
from regulator.register.models import RegulatedEntity
from regulator.register.types import EntityType


@pytest.mark.django_db
def test_demo_register_holds_only_the_fictional_cast_and_is_idempotent() -> None:
    """The register's other entities are the real ones of the Commission's published
    files, which the disclosure demo imports (``disclosure/tests/test_demo.py``)."""
    demo.load(scale=1, stdout=io.StringIO())
    cast = {filer.entity_id: filer.entity_name for filer in DEMO_FILERS} | {DONEE_ID: DONEE_NAME}
    assert dict(RegulatedEntity.objects.values_list("pk", "name")) == cast
    donee = RegulatedEntity.objects.get(pk=DONEE_ID)
    assert (donee.entity_type, donee.donee_type) == (
        EntityType.REGULATED_DONEE,
        "MP - Member of Parliament",
    )
    assert all(not name.startswith("Demo") for name in cast.values())
    demo.load(scale=1, stdout=io.StringIO())
    assert RegulatedEntity.objects.count() == len(cast)
