"""The state layer's two errors, shared by the engine plumbing, the store and the ledger."""

from __future__ import annotations


class StateError(Exception):
    """The database cannot be opened or is newer than this code understands."""


class StateBusy(StateError):
    """Another connection held the write lock for longer than this operation may wait."""
