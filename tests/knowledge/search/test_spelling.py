"""Spell correction reads only the words of a length that can reach the cutoff (nearest):
it must find what rapidfuzz's extractOne over the whole vocabulary finds, ties included."""

from __future__ import annotations

import random
import string

from rapidfuzz import fuzz, process

from knowledge.search.query import by_length, nearest


def invented_vocabulary(rng: random.Random, n: int) -> list[str]:
    """Words of 3 to 16 letters over a small alphabet, so that near words and ties abound."""
    words = {"".join(rng.choice("aeilnorst") for _ in range(rng.randint(3, 16))) for _ in range(n)}
    return sorted(words)


def typo(rng: random.Random, word: str) -> str:
    letters = list(word)
    for _ in range(rng.randint(0, 3)):
        i = rng.randrange(len(letters))
        op = rng.choice("dsi")
        if op == "d" and len(letters) > 3:
            del letters[i]
        elif op == "s":
            letters[i] = rng.choice(string.ascii_lowercase)
        else:
            letters.insert(i, rng.choice("aeilnorst"))
    return "".join(letters)


def test_nearest_finds_what_extract_one_over_every_word_finds() -> None:
    rng = random.Random(4)
    found = ties = 0
    for _ in range(20):
        vocab = invented_vocabulary(rng, 400)
        lengths = by_length(vocab)
        for _ in range(60):
            word = typo(rng, rng.choice(vocab))
            for cutoff in (75, 80, 85):
                expected = process.extractOne(word, vocab, scorer=fuzz.ratio, score_cutoff=cutoff)
                got = nearest(word, lengths, cutoff)
                assert got == (tuple(expected) if expected else None), (word, cutoff)
                if expected:
                    found += 1
                    scores = [fuzz.ratio(word, w) for w in vocab]
                    ties += scores.count(expected[1]) > 1
    assert found > 1000 and ties > 10  # hits, and ties between words, were compared


def test_a_tie_between_lengths_goes_to_the_word_first_in_the_vocabulary() -> None:
    """ "abcdef" scores 80 against a 4-letter word it has 4 letters of and a 9-letter word
    it has 6 of: the nearer length is read first, the vocabulary's order decides."""
    for vocab in (["abcd", "abcdefxyz"], ["abcdefxyz", "bcde"]):
        expected = process.extractOne("abcdef", vocab, scorer=fuzz.ratio, score_cutoff=75)
        assert expected is not None and expected[1] == 80 and expected[2] == 0
        assert nearest("abcdef", by_length(vocab), 75) == tuple(expected)
