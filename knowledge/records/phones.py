"""Phone numbers in one form, so that the same line printed two ways is one number.

``phonenumbers`` is imported on the first number parsed, not with the records: a process
that reads a prepared knowledge base back from the load cache (``iom-bot ask``) and asks
nothing about a phone never pays for its metadata.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple


class Phone(NamedTuple):
    display: str  # +52 55 5536 3922
    e164: str  # +525555363922, for tel: links (RFC 3966: an extension as ";ext=104")


@lru_cache(maxsize=4096)
def normalise_phone(raw: str, default_region: str = "MX") -> Phone:
    """Parse a phone as a release printed it; raise ValueError if it is not a real number."""
    import phonenumbers

    try:
        number = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"not a phone number: {raw!r}") from exc
    if not phonenumbers.is_possible_number(number):
        raise ValueError(f"not a possible phone number: {raw!r}")
    if not phonenumbers.is_valid_number(number) and raw.strip().startswith(("+", "00")):
        # "+52 00 0000 0000" has the right length but no numbering plan assigns it; a
        # local number printed without its area code ("5536 3922") cannot be checked
        # that way, and releases print them, so it stays possible-only.
        raise ValueError(f"not a valid phone number: {raw!r}")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return Phone(
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
        f"{e164};ext={number.extension}" if number.extension else e164,
    )
