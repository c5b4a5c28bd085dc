"""The audit area's public types: who did it (a signed-in user, the system for management
commands and tasks, or anonymous), and the subject an event is about."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from regulator.core.hooks import Hook


class ActorType(models.TextChoices):
    USER = "user", _("User")
    SYSTEM = "system", _("System")
    ANONYMOUS = "anonymous", _("Anonymous")


@dataclass(frozen=True)
class Actor:
    kind: str
    id: str = ""
    label: str = ""

    @classmethod
    def system(cls, label: str = "system") -> Actor:
        """Management commands and tasks act as this recorded system actor."""
        return cls(kind=ActorType.SYSTEM, id="system", label=label)

    @classmethod
    def anonymous(cls, label: str = "") -> Actor:
        return cls(kind=ActorType.ANONYMOUS, label=label)

    @classmethod
    def for_user(cls, user: Any) -> Actor:
        if user is None or not getattr(user, "is_authenticated", False):
            return cls.anonymous()
        return cls(kind=ActorType.USER, id=str(user.pk), label=user.get_username())


def as_actor(actor: Actor | Any) -> Actor:
    """Accept an Actor, a user object (signed in or not) or None."""
    if isinstance(actor, Actor):
        return actor
    return Actor.for_user(actor)


@dataclass(frozen=True)
class CheckpointWritten:
    """A signed checkpoint just written: its published form (as at
    /audit/checkpoints.json) and who wrote it."""

    checkpoint: dict[str, Any]
    actor: Any


# Fired in the checkpoint's transaction; records keeps each checkpoint as a record.
CHECKPOINT_WRITTEN: Hook[CheckpointWritten] = Hook("audit.checkpoint_written")
