"""Demo guidance: the shipped documents for every audience in both languages (two
versions of "Donations to political parties"), the polls of the key dates, and demo
subscriptions (an email follower of the demo party and of parties' guidance) that fire
when the demo publishes a return. Idempotent."""

from __future__ import annotations

from typing import TextIO

from regulator.audit.types import Actor
from regulator.guidance import services
from regulator.identity.services import staff_user_ensure


def load(*, scale: int, stdout: TextIO) -> None:
    actor = Actor.system("manage.py demo_data")
    author = staff_user_ensure(
        username="guidance-author",
        email="guidance-author@demo.example",
        full_name="Siwan Meredith",
        actor=actor,
    )
    reviewer = staff_user_ensure(
        username="guidance-reviewer",
        email="guidance-reviewer@demo.example",
        full_name="Dominic Fairclough",
        actor=actor,
    )
    published = services.content_seed(author=author, reviewer=reviewer, actor=actor)
    stdout.write(
        f"  guidance: {published} versions published; step-by-step answers at /guidance/answers/\n"
    )
