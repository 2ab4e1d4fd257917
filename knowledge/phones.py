"""Old path of knowledge.records.phones. Kept until intake moves; delete after."""

from knowledge.records.phones import Phone, normalise_phone

__all__ = ["Phone", "normalise_phone"]
