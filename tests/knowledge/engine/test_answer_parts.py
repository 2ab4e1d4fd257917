"""What an answer built from hundreds of docs makes only once must be what making it for
each doc made: the numbers of one measure's figures (distinct_numbers), and the contacts of
its releases (contacts_for)."""

from __future__ import annotations

import itertools
import random
from pathlib import Path
from typing import Any

from invented_releases import grown
from test_precomputed import bay, bay_knowledge

from knowledge.engine.phrasing import distinct_numbers, fmt_number
from knowledge.i18n import speaking
from knowledge.records.models import Figure
from knowledge.render.mrkdwn import answer_text


def invented_figures(rng: random.Random, n: int) -> list[Figure]:
    """Figures of one invented measure, written in a few ways: qualifiers, two spellings
    of the number, units that what they count repeats or not."""
    shapes = list(
        itertools.product(
            ["exact", "some", "over", "more than", "about"],
            ["1,200", "1200", "950"],
            [("lanterns", "lanterns lit on the Invented Bay pier"), ("boats", "wardens")],
        )
    )
    out = []
    for _ in range(n):
        qualifier, written, (unit, counts) = rng.choice(shapes)
        out.append(
            Figure(
                measure="invented-bay-lanterns",
                value=float(written.replace(",", "")),
                as_written=written,
                qualifier=qualifier,
                unit=unit,
                counts=counts,
                quote=f"the wardens lit {written} lanterns",
            )
        )
    return out


def test_distinct_numbers_is_every_figure_formatted_each_text_once() -> None:
    rng = random.Random(21)
    for lang in ("en", "es"):
        with speaking(lang):
            for size in (1, 2, 5, 40, 300):
                figures = invented_figures(rng, size)
                expected = list(dict.fromkeys(map(fmt_number, figures)))
                assert distinct_numbers(figures) == expected, (lang, size)
    with speaking("en"):  # the unit is said unless what is counted starts with it
        lit = invented_figures(random.Random(2), 60)
        assert any(" lanterns" not in n and n[0].isdigit() for n in distinct_numbers(lit))
        assert any(n.endswith(" boats") for n in distinct_numbers(lit))


def test_contacts_for_makes_the_cards_every_release_contact_made(tmp_path: Path) -> None:
    """contacts_for, which tells contacts apart before making any card, gives the cards
    the releases' own cards (release_contacts), first of each key, gave."""
    kb = bay_knowledge(tmp_path)
    core = kb.prepare().core
    ids = [r.id for r in kb.releases]
    rng = random.Random(3)
    most = 0
    for _ in range(30):
        picked = [rng.choice(ids) for _ in range(rng.randint(1, 6))]
        seen: dict[str, Any] = {}
        for rid in picked:
            if len(seen) >= 3:
                break
            for card in kb.release_contacts(rid):
                seen.setdefault(card.key, card)
        assert core.contacts_for(picked) == list(seen.values())[:3]
        most = max(most, len(seen))
    assert most >= 2  # releases of different contacts were asked about


def test_a_person_is_also_described_by_the_first_role_that_says_otherwise(
    tmp_path: Path,
) -> None:
    """person_line reads a person's roles in release order (by id here) only as far as the first one
    that is not the first role again ("the" aside): that one is the "also described as"."""
    warden = "Chief Warden of the Invented Bay Shelter"
    kb = grown(
        tmp_path,
        bay("bay-a", "Rosa Guardia", warden),
        bay("bay-b", "Rosa Guardia", f"the {warden}"),
        bay("bay-c", "Rosa Guardia", "Harbour Master of Invented Bay"),
        bay("bay-d", "Rosa Guardia", "Lighthouse Keeper of Invented Bay"),
    )
    text = answer_text(kb.answer("who is Rosa Guardia"))
    assert f"is {warden}" in text
    assert "Also described as: Harbour Master of Invented Bay" in text
    assert "Lighthouse Keeper" not in text and f"the {warden}" not in text
