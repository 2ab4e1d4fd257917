"""The straightforward baseline: SQLite FTS5 with bm25 over the same curated facts.

Every statement the engine can repeat becomes one row (figures with their quote, facts,
people with their role, organisations, programmes, publications, terms, places, press
contacts, and each release's title and summary), indexed with the Porter stemmer and
accent folding. A question's words, minus English and Spanish stop words, are OR-ed into
one MATCH; the best row by bm25 is the answer, with its release's title and press
contacts, when its score clears a threshold. The threshold is chosen fairly, in the
baseline's favour: the one that scores best on the labelled question set it is measured
on (``tune_threshold``).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable

from benchmarks.questions import Question, Reply, correct
from knowledge.base import KnowledgeBase
from knowledge.text import fold

STOPWORDS = frozenset(
    """a an the of in on at to for from by with about into over is are was were be been
    do does did have has had will would can could should i me my we us our you your he she
    it they them their this that these those what which who whom whose when where why how
    many much and or not no yes please tell give show find there here each every all any
    el la los las un una unos unas de del en y o que qué quien quién quienes cual cuál
    cuales como cómo cuando donde dónde por para con sin sobre es son fue ser al lo le les
    se su sus mi mis tu""".split()
)


def rows(kb: KnowledgeBase) -> Iterable[tuple[str, str, str]]:
    """(text, release id, kind) for every curated statement in the knowledge base."""
    for r in kb.releases:
        yield f"{r.title}. {r.summary}", r.id, "release"
        for f in r.figures:
            q = "" if f.qualifier == "exact" else f"{f.qualifier} "
            period = f", {f.period}" if f.period else ""
            yield f"{q}{f.as_written} {f.unit}: {f.counts}{period}. “{f.quote}”", r.id, "figure"
        for x in r.facts:
            yield x.statement, r.id, "fact"
        for p in r.people:
            title = f"{p.title} " if p.title else ""
            yield f"{title}{p.name}, {p.role}", r.id, "person"
        for o in r.organisations:
            names = " / ".join(n for n in (o.acronym, o.name_en, o.name_es, *o.aliases) if n)
            yield f"{names}. {o.description or ''}".strip(), r.id, "org"
        for item in (*r.programmes, *r.publications, *r.terms):
            name = getattr(item, "name", None) or getattr(item, "title", "")
            aliases = f" ({', '.join(item.aliases)})" if item.aliases else ""
            yield f"{name}{aliases}: {item.description}", r.id, "thing"
        for p in r.places:
            where = ", ".join(x for x in (p.state, p.country) if x)
            yield (
                f"{p.name} {' '.join(p.aliases)} ({p.kind}{', ' + where if where else ''})",
                r.id,
                "place",
            )
        for c in r.contacts:
            yield f"Press contact: {c.name}, {c.office}, {c.email}, {c.phone}", r.id, "contact"


class FtsBaseline:
    def __init__(self, kb: KnowledgeBase, threshold: float = 0.0) -> None:
        self.kb = kb
        self.threshold = threshold
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.execute(
            "CREATE VIRTUAL TABLE facts USING fts5(text, release_id UNINDEXED, kind UNINDEXED,"
            " tokenize='porter unicode61 remove_diacritics 2')"
        )
        self.db.executemany("INSERT INTO facts VALUES (?, ?, ?)", rows(kb))
        self.db.execute("INSERT INTO facts(facts) VALUES ('optimize')")
        self.contacts = {
            r.id: "; ".join(f"{c.name} {c.email}" for c in r.contacts) for r in kb.releases
        }

    @staticmethod
    def terms(text: str) -> list[str]:
        words = re.findall(r"[a-z0-9]+", fold(text))
        return list(dict.fromkeys(w for w in words if w not in STOPWORDS and len(w) > 1))

    def best(self, text: str) -> tuple[float, str, str] | None:
        """(score, row text, release id) of the best row; score = -bm25, higher is better."""
        terms = self.terms(text)
        if not terms:
            return None
        match = " OR ".join(f'"{t}"' for t in terms)
        row = self.db.execute(
            "SELECT bm25(facts), text, release_id FROM facts WHERE facts MATCH ?"
            " ORDER BY bm25(facts) LIMIT 1",
            (match,),
        ).fetchone()
        return None if row is None else (-row[0], row[1], row[2])

    def reply(self, text: str, threshold: float | None = None) -> Reply:
        return self.reply_from(self.best(text), threshold)

    def reply_from(self, found: tuple[float, str, str] | None, threshold: float | None) -> Reply:
        limit = self.threshold if threshold is None else threshold
        if found is None or found[0] < limit:
            return Reply(False, "I don't know.", ())
        _, row_text, rid = found
        release = self.kb.release(rid)
        answer = f"{row_text}\nSource: {release.title}\nPress contact: {self.contacts[rid]}"
        return Reply(True, answer, (rid,))


def tune_threshold(fts: FtsBaseline, questions: list[Question]) -> float:
    """The bm25 threshold that maximises the baseline's own accuracy on ``questions``."""
    found = [fts.best(q.text) for q in questions]
    candidates = sorted({0.0} | {f[0] for f in found if f is not None})
    best_threshold, best_right = 0.0, -1
    for threshold in candidates:
        right = sum(
            correct(q, fts.reply_from(f, threshold)) for q, f in zip(questions, found, strict=True)
        )
        if right > best_right:
            best_threshold, best_right = threshold, right
    return best_threshold
