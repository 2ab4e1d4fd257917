"""The answer engine: one module per intent over a shared core (see ``core``), dispatched by
``dispatch.HANDLERS``."""

from knowledge.engine.dispatch import HANDLERS, Engine

__all__ = ["HANDLERS", "Engine"]
