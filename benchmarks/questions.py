"""Labelled questions for the benchmarks: latency query mix and accuracy of both systems.

``REAL`` is a hand-labelled table over the five real releases, written for the benchmarks
(phrasings differ from tests/knowledge/engine/test_engine.py on purpose: the engine was tuned on that one).
``synthetic_questions`` derives labelled questions from a generated directory's
``ground_truth.json`` (see benchmarks/synth.py), so larger knowledge bases are scored on
questions about releases the engine has never been tuned on.

A question is right when the system answers exactly when it should and, if it should,
every ``expect`` item is found in the answer: ``release:<id>`` means that release is among
the answer's sources; any other item is text the answer must contain (case-insensitive;
``a|b`` accepts either).
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Question:
    text: str
    category: str  # contact, figure, person, what, free, misspelling, spanish, out-of-scope
    answered: bool
    expect: tuple[str, ...] = ()


def Q(text: str, category: str, *expect: str) -> Question:  # reads as a table
    return Question(text, category, True, tuple(expect))


def NO(text: str) -> Question:
    return Question(text, "out-of-scope", False)


CORDOBA, FRANCO, VIVALDO, ARTOLA = (
    "jcordoba@iom.int",
    "rfranco@iom.int",
    "ivivaldo@iom.int",
    "jartola@iom.int",
)

REAL: list[Question] = [
    # press contacts
    Q("contact veracruz", "contact", CORDOBA),
    Q("who do I call about the kidnapping training?", "contact", FRANCO),
    Q("press contact for tapachula", "contact", ARTOLA),
    Q("contact for the southern border seminar", "contact", ARTOLA),
    Q("contact Laura Thompson's visit", "contact", VIVALDO),
    Q("contact acayucan", "contact", CORDOBA),
    Q("contact Rodolfo Franco", "contact", FRANCO),
    # figures
    Q("how many migrants are kidnapped in Mexico every year?", "figure", "20,000"),
    Q("how many migrants cross Mexico each year", "figure", "150,000", "400,000"),
    Q("how many member states does IOM have?", "figure", "175"),
    Q("how many migration officials will INM and IOM train?", "figure", "1,500"),
    Q("how many trafficking victims did IOM assist?", "figure", "185"),
    Q("what share of traffickers are women?", "figure", "60"),
    Q("how many countries is IOM present in?", "figure", "171"),
    Q("how many training sessions will the officials attend", "figure", "15"),
    Q("how many people are trafficked in Mexico each year?", "figure", "20,000"),
    Q("facts kidnapping", "figure", "20,000"),
    # people
    Q("who is Thomas Lothar Weiss?", "person", "Chief of Mission"),
    Q("who chief of mission", "person", "Weiss|Artola"),
    Q("who is Ambassador Laura Thompson", "person", "Deputy Director General"),
    Q("who is the Governor of Veracruz?", "person", "Duarte"),
    Q("who is Ardelio Vargas Fosado", "person", "Commissioner"),
    Q("who is Juan Artola?", "person", "Chief of Mission"),
    Q("who is Alejandro Alday", "person", "Human Rights and Democracy"),
    Q("who is Raúl Plasencia Villanueva", "person", "National Human Rights Commission"),
    # programmes, organisations, terms
    Q("what is Grupos Beta?", "what", "release:national-migration-week"),
    Q("tell me about Programa Paisano", "what", "Paisano"),
    Q("what is CASEDE?", "what", "Democracy with Security"),
    Q("what is the Ford Foundation's role", "what", "release:southern-border-seminar"),
    Q("what is the Guide to Best Practices?", "what", "release:kidnapping-training"),
    Q("what is the UN Trust Fund for Human Security", "what", "release:veracruz-governor"),
    Q("la Bestia", "what", "freight train"),
    # free questions
    Q("since when has IOM been in Mexico?", "free", "2005"),
    Q("when was IOM founded", "free", "1951"),
    Q("where do most victims of trafficking come from?", "free", "Guatemala"),
    Q("migration and security seminar in Tapachula", "free", "release:southern-border-seminar"),
    Q("what dangers do migrants face on the journey", "free", "violence|extortion|kidnapping"),
    Q("human trafficking study", "free", "release:national-migration-week"),
    Q("tapachula", "free", "release:southern-border-seminar"),
    Q("releases kidnapping", "free", "Kidnapping"),
    Q("help", "free", "contact"),
    # misspellings
    Q("contcat veracruz", "misspelling", CORDOBA),
    Q("who is Tomas Lothar Wiess", "misspelling", "Chief of Mission"),
    Q("how many migrnats are kidnaped each year", "misspelling", "20,000"),
    Q("what is grupos betta", "misspelling", "release:national-migration-week"),
    Q("contact tapachla", "misspelling", ARTOLA),
    # Spanish
    Q("¿cuántos migrantes son secuestrados al año?", "spanish", "20,000"),
    Q("contacto tapachula", "spanish", ARTOLA),
    Q("¿quién es el gobernador de Veracruz?", "spanish", "Duarte"),
    Q("¿qué es la Bestia?", "spanish", "freight train"),
    Q("trata de personas", "spanish", "release:national-migration-week"),
    Q("¿cuántos estados miembros tiene la OIM?", "spanish", "175"),
    # out of scope: the right answer is "I don't know"
    NO("what is the weather in Mexico City today"),
    NO("who won the world cup in 2010"),
    NO("tell me a joke"),
    NO("how many migrants live in Germany"),
    NO("contact the embassy of France"),
    NO("what is bitcoin"),
    NO("who is the president of Argentina"),
    NO("best recipe for tamales"),
    NO("asdkjh qwpoeiru zmxncb"),
    NO("¿cuál es la capital de Perú?"),
]


def _typo(word: str, rng: random.Random) -> str:
    """One plausible slip: two neighbouring letters swapped, past the first letter."""
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


OUT_OF_SCOPE_SYNTHETIC = [
    "who is Zebulon Fitzgerald-Okafor",
    "contact the Lisbon office",
    "how many tourists visited Cancún in 2012",
    "what is the exchange rate of the peso",
    "what is quantum computing",
    "how many goals did Mexico score",
    "¿dónde está el aeropuerto?",
    "who is the mayor of Toronto",
    "price of avocados",
    "what time is it in Tokyo",
]


def synthetic_questions(directory: Path, count: int = 60, seed: int = 11) -> list[Question]:
    """Labelled questions about the synthetic releases of a generated directory."""
    path = directory / "ground_truth.json"
    if not path.exists():
        return []
    truths = json.loads(path.read_text(encoding="utf-8"))["releases"]
    if not truths:
        return []
    rng = random.Random(seed)
    by_programme: dict[str, set[str]] = defaultdict(set)
    releases_by_programme: dict[str, set[str]] = defaultdict(set)
    for t in truths:
        by_programme[t["programme"]].update(t["contact_emails"])
        releases_by_programme[t["programme"]].add(t["id"])
    picks = [truths[rng.randrange(len(truths))] for _ in range(count)]
    kinds = ["person", "contact", "figure", "what", "misspelling", "spanish", "free"]
    out: list[Question] = []
    for i, t in enumerate(picks):
        kind = kinds[i % len(kinds)]
        if kind == "person":
            out.append(Q(f"who is {t['person']}?", "person", t["person"]))
        elif kind == "contact":
            emails = "|".join(sorted(by_programme[t["programme"]]))
            out.append(Q(f"who is the press contact for the {t['programme']}?", "contact", emails))
        elif kind == "figure" and t["figures"]:
            f = t["figures"][0]
            out.append(Q(f["question"], "figure", f["as_written"]))
        elif kind == "what":
            ids = "|".join(f"release:{r}" for r in sorted(releases_by_programme[t["programme"]]))
            out.append(Q(f"what is the {t['programme']}?", "what", ids))
        elif kind == "misspelling":
            words = t["person"].split()
            words[-1] = _typo(words[-1], rng)
            out.append(Q(f"who is {' '.join(words)}", "misspelling", t["person"]))
        elif kind == "spanish":
            out.append(Q(f"¿quién es {t['person']}?", "spanish", t["person"]))
        else:
            out.append(
                Q(
                    f"{t['org_short']} {t['town']} {t['programme']}",
                    "free",
                    "|".join(f"release:{r}" for r in sorted(releases_by_programme[t["programme"]])),
                )
            )
    out += [NO(text) for text in OUT_OF_SCOPE_SYNTHETIC]
    return out


def accuracy_set(directory: Path | None, synthetic: int = 60) -> list[Question]:
    """The labelled set to score on a knowledge directory.

    The real table on the real knowledge; on a generated directory, questions about its
    synthetic releases (the real table's labels assume five releases: with thousands more,
    "contact veracruz" rightly finds other contacts first).
    """
    extra = synthetic_questions(directory, synthetic) if directory is not None else []
    return extra or REAL


def latency_set(directory: Path | None, synthetic: int = 60) -> list[str]:
    """The fixed query mix timed on a knowledge directory: the real table, plus questions
    about synthetic releases when there are any."""
    extra = synthetic_questions(directory, synthetic) if directory is not None else []
    return [q.text for q in REAL + extra]


# -- scoring --------------------------------------------------------------------------------


@dataclass
class Reply:
    """What either system said, reduced to what scoring needs."""

    answered: bool
    text: str
    release_ids: tuple[str, ...]


def correct(q: Question, reply: Reply) -> bool:
    if reply.answered != q.answered:
        return False
    if not q.answered:
        return True
    text = reply.text.casefold()
    for item in q.expect:
        options = item.split("|")
        if not any(
            (opt.removeprefix("release:") in reply.release_ids)
            if opt.startswith("release:")
            else opt.casefold() in text
            for opt in options
        ):
            return False
    return True


def score(questions: Iterable[Question], replies: Iterable[Reply]) -> dict[str, object]:
    """Accuracy overall and per category; the misses, for the report."""
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    total = right = 0
    for q, r in zip(questions, replies, strict=True):
        ok = correct(q, r)
        total += 1
        right += ok
        per[q.category][0] += ok
        per[q.category][1] += 1
        if not ok:
            misses.append(q.text)
    return {
        "right": right,
        "total": total,
        "accuracy": right / total if total else 0.0,
        "by_category": {k: f"{v[0]}/{v[1]}" for k, v in sorted(per.items())},
        "misses": misses,
    }
