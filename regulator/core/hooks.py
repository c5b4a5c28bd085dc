"""Hooks: how a lower area learns of what a higher one does without importing it.

The lower area declares a hook in its public ``types`` module; a higher area subscribes
in its ``AppConfig.ready()``; the lower area calls it. Hooks carry domain flow between
areas in place of Django's model signals, which hide who listens:

    # regulator/finance/types.py
    PUBLISHED_CHANGED: Hook[list[str]] = Hook("finance.published_changed")

    # regulator/donors/apps.py, in ready()
    PUBLISHED_CHANGED.subscribe(resolution_enqueue_for_kinds)

    # regulator/finance/services.py
    PUBLISHED_CHANGED.fire(["donations"])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Hook(Generic[T]):
    """A named list of callbacks, each taking one argument of type ``T``."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._callbacks: dict[str, Callable[[T], object]] = {}

    def subscribe(self, callback: Callable[[T], object], *, key: str | None = None) -> None:
        """Add ``callback``; subscribing again under the same key replaces it, so a
        ``ready()`` that runs twice (tests, autoreload) does not call it twice."""
        self._callbacks[key or f"{callback.__module__}.{callback.__qualname__}"] = callback

    def fire(self, value: T) -> None:
        for callback in list(self._callbacks.values()):
            callback(value)

    def collect(self, value: T) -> list[object]:
        """Call every subscriber and return what each gave back, in subscription order."""
        return [callback(value) for callback in list(self._callbacks.values())]

    def __repr__(self) -> str:
        return f"Hook({self.name!r}, {len(self._callbacks)} subscribers)"
