"""One ``model_fields_set`` object for every record that set the same fields.

pydantic keeps, on every model instance, the set of the fields its input gave
(``__pydantic_fields_set__``). At 5,000 releases that is 124,000 sets, 60 MB, a quarter of
the loaded knowledge, for a few dozen distinct contents. Records are frozen
(``Strict``: assignment raises), so pydantic never adds to the set after validation, and
``model_copy`` copies it before changing it: one shared set per distinct content is safe.
Shared before the load cache is written, a pickle keeps the sharing.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

from knowledge.records.models import Strict

# Values that hold no record: most of what a record holds, not worth a trip through the stack
LEAVES = (str, int, float, type(None))


def share_field_sets(models: Iterable[BaseModel]) -> int:
    """Give every frozen record (and the records inside it) the one shared set with its
    fields; returns how many records were visited."""
    shared: dict[frozenset[str], set[str]] = {}
    stack: list[object] = list(models)
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, BaseModel):
            visited += 1
            if isinstance(item, Strict):
                fields = item.__pydantic_fields_set__
                key = frozenset(fields)
                one = shared.get(key)
                if one is None:
                    one = shared[key] = set(fields)
                object.__setattr__(item, "__pydantic_fields_set__", one)
            stack.extend(v for v in item.__dict__.values() if not isinstance(v, LEAVES))
        elif isinstance(item, list | tuple):
            stack.extend(v for v in item if not isinstance(v, LEAVES))
        elif isinstance(item, dict):
            stack.extend(item.values())
    return visited
