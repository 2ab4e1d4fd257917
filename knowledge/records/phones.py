"""Phone numbers in one form, so that the same line printed two ways is one number."""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import phonenumbers


class Phone(NamedTuple):
    display: str  # +52 55 5536 3922
    e164: str  # +525555363922, for tel: links


@lru_cache(maxsize=4096)
def normalise_phone(raw: str, default_region: str = "MX") -> Phone:
    """Parse a phone as a release printed it; raise ValueError if it is not a real number."""
    try:
        number = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"not a phone number: {raw!r}") from exc
    if not phonenumbers.is_possible_number(number):
        raise ValueError(f"not a possible phone number: {raw!r}")
    return Phone(
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
    )
