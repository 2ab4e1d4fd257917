"""Phone numbers as releases print them: valid numbers only, extensions kept in tel: links."""

from __future__ import annotations

import pytest

from knowledge.records.phones import normalise_phone


def test_a_number_of_the_right_length_that_no_plan_assigns_is_refused() -> None:
    with pytest.raises(ValueError, match="not a valid phone number: '\\+52 00 0000 0000'"):
        normalise_phone("+52 00 0000 0000")


def test_the_same_line_printed_two_ways_is_one_number() -> None:
    assert normalise_phone("+52 (55) 5536-3922") == normalise_phone("55 5536 3922")
    assert normalise_phone("55 5536 3922").e164 == "+525555363922"


@pytest.mark.parametrize("printed", ["+52 55 5536 3922 ext. 104", "+52 (55) 5536-3922 x 104"])
def test_an_extension_is_kept_for_display_and_in_the_tel_link(printed: str) -> None:
    phone = normalise_phone(printed)
    assert phone.display == "+52 55 5536 3922 ext. 104"
    assert phone.e164 == "+525555363922;ext=104"  # RFC 3966


def test_a_local_number_printed_without_its_area_code_is_kept() -> None:
    """Releases print '5536 3922'; the plan cannot validate it without the area code."""
    assert normalise_phone("5536 3922").display.replace(" ", "").endswith("55363922")
