"""The curated records against their unchanged sources."""

from __future__ import annotations

import hashlib

import pytest

from knowledge import KnowledgeBase
from knowledge.loading.checks import iter_quotes
from knowledge.text import squash

# sha256 of the five scraped pages as delivered in shared/seeds: the sources stay unchanged
SEED_SHA256 = {
    "ddg-visit.txt": "efeb0cebe657dc2d69e27a4db2f4e38eb1b035bd957ef7eae51b7216babe1a39",
    "national-migration-week.txt": "611bf5947960795b6c6bf44eb242d81925ad24d8cb512cd30043b57c8c0dd4f5",
    "kidnapping-training.txt": "eb1f87818dabdde5fbde983834ecb9c6ce196c10fe161efd471591b4cfcc4cea",
    "veracruz-governor.txt": "c222961797c04fa88a4b5e39f589fc02843e9bbd372f9a6128b3f9a9aeb27eb2",
    "southern-border-seminar.txt": "e39cdd5d5a4951213bc16dc8d7066be48c7b1266bbdc9aec08f5c42edf1e9fe8",
}

# What a reader of each page must find in its record: contacts and every counted figure.
EXPECTED = {
    "ddg-visit": {
        "contacts": {("Itzel Vivaldo", "ivivaldo@iom.int", "+52 55 5536 3922")},
        "figures": {160000, 5000, 20000, 1500},
    },
    "national-migration-week": {
        "contacts": set(),
        "figures": {150000, 185, 20000, 60, 20},
    },
    "kidnapping-training": {
        "contacts": {("Rodolfo Franco", "rfranco@iom.int", "+52 55 5536 3922")},
        "figures": {500, 400000, 3000, 20000, 15, 20},
    },
    "veracruz-governor": {
        "contacts": {("José Ramón Córdoba", "jcordoba@iom.int", "+52 55 5536 3922")},
        "figures": {150000, 5, 175, 171},
    },
    "southern-border-seminar": {
        "contacts": {("Juan Artola", "jartola@iom.int", "+52 55 5536 3954")},
        "figures": {150000, 175, 171},
    },
}

CLUTTER = [
    "Facebook",
    "6 + 6",
    "bloggers",
    "Leave a Reply",
    "WP Anti Spam",
    "Work with us",
    "Get involved",
    "Written by",
    "No Comments",
]


def test_sources_are_the_unchanged_seed_pages(kb: KnowledgeBase) -> None:
    for name, digest in SEED_SHA256.items():
        data = (kb.directory / "sources" / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, name


def test_every_quote_occurs_in_its_source(kb: KnowledgeBase) -> None:
    count = 0
    for release in kb.releases:
        source = squash(kb.sources[release.id])
        for where, quote in iter_quotes(release):
            assert squash(quote) in source, f"{release.id}: {where}"
            count += 1
    assert count > 100  # the records really are quoted, not empty


@pytest.mark.parametrize("release_id", sorted(EXPECTED))
def test_each_release_has_its_contacts_and_figures(kb: KnowledgeBase, release_id: str) -> None:
    release = kb.release(release_id)
    contacts = {(c.name, str(c.email), c.phone_display) for c in release.contacts}
    assert contacts == EXPECTED[release_id]["contacts"]
    assert EXPECTED[release_id]["figures"] <= {f.value for f in release.figures}
    assert release.date is None  # the pages carry no date; none is invented
    assert len(release.summary) <= 280


def test_phones_printed_differently_are_one_number(kb: KnowledgeBase) -> None:
    printed = {c.phone: c.phone_display for r in kb.releases for c in r.contacts}
    assert printed["+52 55 55 36 39 22"] == printed["+52 55 5536 3922"] == "+52 55 5536 3922"
    assert printed["+525 555 36 39 54"] == "+52 55 5536 3954"


def test_places_know_their_state(kb: KnowledgeBase) -> None:
    places = {p.id: p for r in kb.releases for p in r.places}
    assert places["acayucan"].state == "Veracruz"
    assert places["tapachula"].state == "Chiapas"


def test_organisations_have_both_names(kb: KnowledgeBase) -> None:
    orgs = {o.id: o for r in kb.releases for o in r.organisations}
    assert orgs["inm"].name_es == "Instituto Nacional de Migración"
    assert orgs["inm"].name_en == "National Migration Institute"
    for org_id in ("cndh", "casede", "ecosur"):
        assert orgs[org_id].acronym and orgs[org_id].name_es


def test_same_measure_is_comparable_across_releases(kb: KnowledgeBase) -> None:
    values = {
        (r.id, f.value)
        for r in kb.releases
        for f in r.figures
        if f.measure == "irregular-migrants-per-year"
    }
    assert {v for _, v in values} == {150000, 160000, 400000}


def test_no_clutter_in_any_curated_text(kb: KnowledgeBase) -> None:
    for release in kb.releases:
        dumped = release.model_dump_json()
        for junk in CLUTTER:
            assert junk not in dumped, (release.id, junk)
