"""Phones on a page are found by phonenumbers' matcher and kept only if the loader will
accept them. Invented numbers and lines."""

from __future__ import annotations

from knowledge.intake.contacts import phones_in


def printed(text: str) -> list[str]:
    return [p for p, _, _ in phones_in(text, 0)]


def test_international_local_and_extensions() -> None:
    assert printed("Tel: +52 55 5211 4409 ext. 221") == ["+52 55 5211 4409 ext. 221"]
    assert printed("Tel. (55) 5211 4409, or 5211-4410") == ["(55) 5211 4409", "5211-4410"]


def test_offsets_point_at_the_number() -> None:
    ((phone, a, b),) = phones_in("Mobile: +52 961 118 2233", 100)
    assert (phone, b - a) == ("+52 961 118 2233", len(phone)) and a == 108


def test_what_is_not_a_contact_phone() -> None:
    assert printed("Fax: +52 55 5211 4400") == []
    assert printed("+52 00 0000 0000") == []  # no numbering plan assigns it (is_valid_number)
    assert printed("the programme ran 2011-2012 in the north") == []
    assert printed("some 4409 people") == []
