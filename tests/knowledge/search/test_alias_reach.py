"""The parser tries a phrase as a name only if a name that long starts with its first word
(or that word's singular): every alias, in the singular and in the plural, must still be
found inside a question."""

from __future__ import annotations

from pathlib import Path

from invented_releases import LAGOON, grown

from knowledge.search.index import singular_phrase
from knowledge.search.query import Query, alias_reach


def test_reach_is_the_longest_name_of_each_first_word() -> None:
    reach = alias_reach(["lagoon wardens of the bay", "lagoon", "bay council", "", "bay"])
    assert reach == {"lagoon": 5, "bay": 2}


def test_every_alias_is_found_whole_inside_a_question(tmp_path: Path) -> None:
    kb = grown(tmp_path, LAGOON)
    parser = kb.prepare().core.parser
    longest = parser.index.max_alias_words  # longer ones are never tried, reach or not
    aliases = [
        a
        for a in parser.index.aliases
        if " " in a and a.replace(" ", "").isalpha() and len(a.split()) <= longest
    ]
    assert "lagoon wardens" in aliases and len(aliases) > 50
    plurals = 0
    for alias in aliases:
        phrases = [alias, singular_phrase(alias)]
        plural = " ".join(f"{w}s" for w in alias.split())  # found by its singular
        if singular_phrase(plural) == singular_phrase(alias):
            phrases.append(plural)
            plurals += 1
        for phrase in phrases:
            words = phrase.split()
            q = Query(raw=phrase, intent="search", words=["zzq", *words, "zzq"])
            parser.match(q)  # as parsed words, unknown ones either side
            spans = {(m.start, m.end) for m in q.matches}
            covered = {i for m in q.matches for i in range(m.start, m.end)}
            # found whole, or inside a longer name that covers it
            assert (1, 1 + len(words)) in spans or set(range(1, 1 + len(words))) <= covered, phrase
    assert plurals > 20
