"""The answer engine: a parsed Query in, an Answer out, from curated docs only.

Each intent has one small function. They share three rules: answer only from docs the
query's words select, list every release when releases disagree, and otherwise say
plainly that the knowledge base has no answer.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Set as AbstractSet
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from knowledge.answer import Answer, ContactCard, SourceRef
from knowledge.records.models import Figure, Organisation, Person, Place
from knowledge.search.index import Doc, Index, Target, build_index
from knowledge.search.query import Parser, Query
from knowledge.text import capitalise, content_words, escape_mrkdwn, fold, sentence, stem

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase

log = logging.getLogger(__name__)

MAX_BULLETS = 4
MAX_CONTACTS = 3
MAX_SOURCES = 4
KIND_ORDER = {
    "programme": 0,
    "publication": 1,
    "term": 2,
    "org": 3,
    "person": 4,
    "contact": 5,
    "place": 6,
    "topic": 7,
    "release": 8,
}

SAYING = frozenset({"say", "said", "says", "dijo", "declaro"})
QUESTION_WORDS = (
    frozenset({"when", "where", "why", "which", "who", "how", "does", "did", "do"}) | SAYING
)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
GENERIC_PLACES = frozenset({"place:mexico"})

# "how far" asks for a distance, "what percentage" for a share: words of the unit
UNIT_HINTS = {
    "far": "kilometer",
    "distance": "kilometer",
    "long": "kilometer",
    "percentage": "cent",
    "percent": "cent",
    "share": "cent",
    "proportion": "cent",
}

HELP_EXAMPLES = [
    "`contact mexico`: IOM Mexico's press contacts (also a place, topic or person)",
    "`who is Thomas Lothar Weiss` or `who chief of mission`",
    "`what is Grupos Beta`: programmes, organisations, publications, terms",
    "`facts kidnapping` or `how many migrants are kidnapped in Mexico each year?`",
    "`releases` or `releases trafficking`: the releases with one-line summaries",
    "Spanish works too: `contacto veracruz`, `¿cuántos migrantes son secuestrados cada año?`",
]


def fmt_number(f: Figure) -> str:
    return _fmt_number(f.qualifier, f.as_written, f.unit, f.counts)


@lru_cache(maxsize=65536)
def _fmt_number(qualifier: str, as_written: str, unit: str, counts: str) -> str:
    qualifier = "" if qualifier == "exact" else f"{qualifier} "
    number = f"{qualifier}{as_written}"
    unit_words = fold(unit).split()
    if unit_words and unit_words[0] not in fold(counts).split()[:5]:
        number += f" {unit}"
    return number


def figure_sentence(f: Figure) -> str:
    number = fmt_number(f)
    joiner = ": " if number.endswith(f" {f.unit}") else " "
    text = f"*{escape_mrkdwn(number)}*{joiner}{escape_mrkdwn(f.counts)}"
    if f.period and fold(f.period) not in fold(f.counts):
        text += f", {escape_mrkdwn(f.period)}"
    if f.attributed_to:
        text += f" (according to {escape_mrkdwn(f.attributed_to)})"
    return text


class Engine:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.index: Index = build_index(kb.releases, kb.sources, kb.topics)
        self.parser = Parser(self.index, kb.vocabulary.lexicon)
        self.topic_choices = {
            t.key: " ".join([fold(t.name), *sorted(t.aliases)])
            for t in self.index.targets.values()
            if t.kind == "topic" and t.releases
        }
        self.release_order = {r.id: i for i, r in enumerate(kb.releases)}
        # people_by_role: every person doc's role and organisation words, computed once, and
        # which entries contain each word (a question's words select the candidates)
        self.person_entries: list[tuple[str, str | None, frozenset[str], frozenset[str]]] = []
        self.role_postings: dict[str, set[int]] = defaultdict(set)
        org_cache: dict[str | None, frozenset[str]] = {}
        for target in self.index.targets.values():
            if target.kind != "person":
                continue
            for d in self.index.docs_by_target.get(target.key, []):
                if d.kind != "person":
                    continue
                person: Person = d.obj
                if person.organisation not in org_cache:
                    org_cache[person.organisation] = frozenset(self.org_words(person.organisation))
                org = org_cache[person.organisation]
                role = frozenset(content_words(person.role))
                for w in role | org:
                    self.role_postings[w].add(len(self.person_entries))
                self.person_entries.append((target.key, person.organisation, role, org))
        # score_figures: figure docs by word, and how many releases cite each measure
        self.figure_postings: dict[str, list[Doc]] = defaultdict(list)
        self.measure_spread: dict[str, float] = {}
        for measure, docs in self.index.figures_by_measure.items():
            self.measure_spread[measure] = min(0.25 * (len({x.release_id for x in docs}) - 1), 0.5)
            for d in docs:
                for w in d.words:
                    self.figure_postings[w].append(d)

    # -- entry point ---------------------------------------------------------------------
    def answer(self, text: str) -> Answer:
        try:
            query = self.parser.parse(text if isinstance(text, str) else "")
            handler = getattr(self, f"on_{query.intent}")
            answer = handler(query)
        except Exception:  # any input gets an Answer, never a traceback
            log.exception("engine failed on a %d-character question", len(text or ""))
            query = Query(raw="", intent="unknown", words=[])
            answer = None
        if answer is None:
            answer = self.unknown(query)
        return answer.model_copy(update={"query": text if isinstance(text, str) else ""})

    # -- helpers ------------------------------------------------------------------------
    def t(self, key: str) -> Target:
        return self.index.targets[key]

    def ranked_releases(self, keys: list[str]) -> list[str]:
        scores: dict[str, float] = defaultdict(float)
        for key in keys:
            for rid, score in self.t(key).releases.items():
                scores[rid] += score
        order = self.release_order
        return sorted(scores, key=lambda rid: (-scores[rid], order[rid]))

    def contacts_for(self, release_ids: list[str]) -> list[ContactCard]:
        seen: dict[str, ContactCard] = {}
        for rid in release_ids:
            if len(seen) >= MAX_CONTACTS:  # the first MAX_CONTACTS distinct ones are final
                break
            for card in self.kb.release_contacts(rid):
                seen.setdefault(card.email.casefold(), card)
        return list(seen.values())[:MAX_CONTACTS]

    def sources(self, release_ids: list[str]) -> list[SourceRef]:
        unique = list(dict.fromkeys(release_ids))
        return [self.kb.source_ref(rid) for rid in unique[:MAX_SOURCES]]

    def strong_keys(self, q: Query) -> list[str]:
        return [k for k in q.keys if not self.t(k).generic]

    def out_of_scope(self, q: Query) -> bool:
        """Words the knowledge never uses, or a foreign place, mean we cannot answer."""
        if q.foreign:
            return True
        if not q.unknown:
            return False
        strong_words = len(
            {i for m in q.matches if not self.t(m.key).generic for i in range(m.start, m.end)}
        )
        return not (
            len(q.unknown) == 1 and strong_words >= 2 and len(q.unknown) * 4 <= len(q.content)
        )

    def answered(
        self,
        intent: str,
        lead: str,
        bullets: list[str],
        release_ids: list[str],
        contacts: list[ContactCard] | None = None,
        disagreement: bool = False,
    ) -> Answer:
        if contacts is None:
            contacts = self.contacts_for(release_ids[:1])
        if not contacts and intent not in ("releases", "help") and self.kb.general_contact:
            contacts = [self.kb.general_contact]  # the release names none: the press office
        return Answer(
            query="",
            answered=True,
            intent=intent,  # type: ignore[arg-type]
            lead=lead,
            bullets=bullets[:MAX_BULLETS],
            contacts=contacts,
            sources=self.sources(release_ids),
            disagreement=disagreement,
        )

    # -- intents ------------------------------------------------------------------------
    def on_help(self, q: Query) -> Answer | None:
        if q.words:
            return None  # "help me with …" is a question, not a request for the grammar
        return Answer(
            query="",
            answered=True,
            intent="help",
            lead="Ask me about IOM Mexico's press releases. For example:",
            bullets=HELP_EXAMPLES,
        )

    def on_contact(self, q: Query) -> Answer | None:
        strong = [k for k in self.strong_keys(q) if k != "topic:iom"]  # "contact OIM" = all
        if q.foreign or (q.unknown and not strong):
            return None
        if not strong:
            if q.content and not q.keys:
                return None
            cards = self.kb.press_contacts
            return self.answered(
                "contact",
                f"IOM Mexico has {len(cards)} press contacts in the releases I know:",
                [],
                [c.release_id for c in cards],
                contacts=cards[: MAX_CONTACTS + 1],
            )
        direct = [self.t(k).obj for k in strong if self.t(k).kind == "contact"]
        releases = self.ranked_releases(strong)
        cards = self.contacts_for(releases)
        general = self.kb.general_contact
        if not cards and general:
            subject = escape_mrkdwn(self.t(strong[0]).name)
            lead = (
                f"The releases about {subject} name no press contact; the IOM Mexico press "
                f"office can help: *{escape_mrkdwn(general.name)}*."
            )
            return self.answered("contact", lead, [], releases, contacts=[general])
        if direct:
            emails = {str(c.email).casefold() for c in direct}
            cards.sort(key=lambda c: c.email.casefold() not in emails)
        subject = escape_mrkdwn(self.t(strong[0]).name)
        lead = f"For {subject}, the press contact is *{escape_mrkdwn(cards[0].name)}* ({cards[0].office})."
        if direct:
            lead = f"*{escape_mrkdwn(cards[0].name)}* is an IOM Mexico press contact."
        bullets = [
            f"Named in: _{escape_mrkdwn(self.kb.release(rid).title)}_" for rid in releases[:2]
        ]
        top = self.kb.release(releases[0])
        if not top.contacts and not direct:
            lead = (
                f"The release most about {subject}, _{escape_mrkdwn(top.title)}_, names no press "
                f"contact; the next most relevant names *{escape_mrkdwn(cards[0].name)}* "
                f"({cards[0].office})."
            )
        return self.answered("contact", lead, bullets, releases, contacts=cards)

    def on_who(self, q: Query) -> Answer | None:
        if q.foreign:
            return None
        people = [k for k in q.keys if self.t(k).kind in ("person", "contact")]
        if people and not q.unknown:
            person_keys = [k for k in people if self.t(k).kind == "person"] or people
            return self.describe_people(person_keys[:1], None)
        if q.unknown and not self.strong_keys(q):
            return None
        return (None if q.unknown else self.people_by_role(q)) or self.on_search(q)

    def describe_people(self, keys: list[str], role_label: str | None) -> Answer:
        bullets: list[str] = []
        releases: list[str] = []
        names = []
        for key in keys:
            target = self.t(key)
            rids = self.ranked_releases([key])
            releases += rids
            if target.kind == "contact":
                names.append(f"*{escape_mrkdwn(target.name)}* is an IOM Mexico press contact")
                continue
            docs = [d for d in self.index.docs_by_target.get(key, []) if d.kind == "person"]
            roles = list(dict.fromkeys(d.obj.role for d in docs))
            person: Person = target.obj
            org = self.org_name(person.organisation)
            title = f"{person.title} " if person.title else ""
            acronym = org.rsplit(", ", 1)[-1] if org else ""
            named_in_role = org and (
                fold(org.split(",")[0]) in fold(roles[0])
                or fold(acronym).split()[0:1] == fold(roles[0]).split()[0:1]
                or f" {fold(acronym)} " in f" {fold(roles[0])} "
            )
            names.append(
                f"*{escape_mrkdwn(title + person.name)}* is {escape_mrkdwn(roles[0])}"
                + ("" if not org or named_in_role else f" ({escape_mrkdwn(org)})")
            )
            others = [
                r
                for r in roles[1:]
                if fold(r).removeprefix("the ") != fold(roles[0]).removeprefix("the ")
            ]
            bullets += [f"Also described as: {escape_mrkdwn(r)}" for r in others[:1]]
            if len(rids) > 1:
                bullets.append(f"Named in {len(rids)} releases.")
        if len(keys) == 1:
            lead = names[0] + "."
        else:
            lead = (
                f"The releases name {len(keys)} people as {escape_mrkdwn(role_label or 'this')}: "
                + "; ".join(names)
                + ". The releases are undated, so they cannot say who holds the role now."
            )
        return self.answered(
            "who", lead, list(dict.fromkeys(bullets)), releases, disagreement=len(keys) > 1
        )

    def org_name(self, org_id: str | None) -> str | None:
        if not org_id or f"org:{org_id}" not in self.index.targets:
            return None
        org: Organisation = self.t(f"org:{org_id}").obj
        return f"{org.name_en}" + (f", {org.acronym}" if org.acronym else "")

    def people_by_role(self, q: Query) -> Answer | None:
        wanted = {stem(w) for w in q.content}
        if not wanted - {"mexico", "iom", "mexican"}:
            return None
        best: dict[str, float] = {}
        generic = {"iom", "mexico", "mexican"}
        postings = [self.role_postings.get(w, set()) for w in wanted - generic]
        for i in sorted(set.intersection(*postings)):
            key, org_id, role, org_words = self.person_entries[i]
            core = role - generic
            if f"org:{org_id}" in q.keys:  # "president of the CNDH"
                core -= org_words
            precision = len(wanted & core) / max(len(core), 1)
            if precision >= 0.5:
                best[key] = max(best.get(key, 0.0), precision)
        if not best:
            return None
        top = max(best.values())
        keys = sorted(
            (k for k, v in best.items() if v == top),
            key=lambda k: -sum(self.t(k).releases.values()),
        )
        label = " ".join(w for w in q.words if w not in ("the", "a", "an"))
        return self.describe_people(keys[:MAX_BULLETS], label)

    def org_words(self, org_id: str | None) -> set[str]:
        if not org_id or f"org:{org_id}" not in self.index.targets:
            return set()
        return {stem(w) for a in self.t(f"org:{org_id}").aliases for w in a.split()}

    def on_what(self, q: Query) -> Answer | None:
        if self.out_of_scope(q) or not q.keys:
            return None
        covered = q.covered
        if len(covered) * 2 < len([i for i, w in enumerate(q.words) if w in q.content]):
            return None
        keys = self.strong_keys(q) or q.keys
        key = min(keys, key=lambda k: (-self.span(q, k), KIND_ORDER[self.t(k).kind]))
        target = self.t(key)
        if target.kind in ("person", "contact"):
            return self.describe_people([key], None)
        if target.kind == "topic":
            return self.topic_facts([key], q)
        if target.kind == "release":
            return self.on_releases(q)
        if target.kind == "place":
            return self.describe_place(target)
        return self.describe_thing(target)

    def span(self, q: Query, key: str) -> int:
        return max(m.end - m.start for m in q.matches if m.key == key)

    def describe_thing(self, target: Target) -> Answer | None:
        docs = [
            d
            for d in self.index.docs_by_target.get(target.key, [])
            if d.kind in ("programme", "publication", "term", "org")
            and f"{d.kind}:" in target.key
            and target.key.endswith(d.key.split(":")[-1])
        ]
        related_by_obj: dict[str, Doc] = {}
        for d in self.index.docs_by_target.get(target.key, []):
            if d not in docs and d.kind in ("programme", "publication", "person", "term"):
                related_by_obj.setdefault(f"{d.kind}:{getattr(d.obj, 'id', d.key)}", d)
        related = list(related_by_obj.values())
        releases = self.ranked_releases([target.key])
        if target.kind == "org":
            org: Organisation = target.obj
            spanish = f" ({escape_mrkdwn(org.name_es)})" if org.name_es else ""
            if org.acronym:
                lead = (
                    f"*{escape_mrkdwn(org.acronym)}* is the {escape_mrkdwn(org.name_en)}{spanish}."
                )
            else:
                lead = f"*{escape_mrkdwn(org.name_en)}*{spanish}."
            if docs:
                lead += f" {escape_mrkdwn(sentence(docs[0].obj.description))}"
            bullets = [d.text for d in related]
        elif docs:
            lead = sentence(docs[0].text)
            bullets = [d.text for d in docs[1:] if d.text != lead] + [d.text for d in related]
        else:
            return None
        return self.answered("what", lead, list(dict.fromkeys(bullets)), releases)

    def describe_place(self, target: Target) -> Answer:
        place: Place = target.obj
        where = ", ".join(x for x in (place.state, place.country) if x and x != place.name)
        lead = (
            f"*{escape_mrkdwn(place.name)}* is a {place.kind}"
            + (f" in {escape_mrkdwn(where)}" if where else "")
            + "."
        )
        docs = self.index.docs_by_target.get(target.key, [])
        bullets = [figure_sentence(d.obj) if d.kind == "figure" else d.text for d in docs]
        releases = self.ranked_releases([target.key])
        return self.answered("what", lead, list(dict.fromkeys(bullets)), releases)

    def on_facts(self, q: Query) -> Answer | None:
        if self.out_of_scope(q):
            return None
        strong = self.strong_keys(q)
        if not strong and not q.fact_question and q.content:
            return None
        scored = self.score_figures(q, strong)
        if not scored:
            if strong and not q.fact_question:
                return self.topic_facts(strong, q)
            return self.on_search(q) if strong else None
        return self.figure_answer(q, scored)

    def score_figures(self, q: Query, strong: list[str]) -> list[tuple[float, str]]:
        """Measures ranked by how well their figures fit the question."""
        wanted = {stem(w) for w in q.content if w not in ("each", "year")}
        raw_words = set(fold(q.raw).split())
        units = {unit for word, unit in UNIT_HINTS.items() if word in raw_words}
        wanted |= units
        per_measure: dict[str, float] = {}
        strong_set, keys = set(strong), set(q.keys)
        if strong:  # only figures about a named target can score
            candidates = {
                id(d): d
                for k in strong
                for d in self.index.docs_by_target.get(k, [])
                if d.kind == "figure"
            }
        else:  # only figures sharing a word with the question can score
            candidates = {id(d): d for w in wanted for d in self.figure_postings.get(w, [])}
        for d in candidates.values():
            strong_hits = len(d.targets & strong_set)
            if (strong and not strong_hits) or (units and not units & d.words):
                continue  # "how far" wants a distance, not a head count
            overlap = len(wanted & d.words)
            score = 3 * strong_hits + overlap + 0.5 * len(d.targets & keys)
            if not strong and overlap < (1 if q.fact_question and not q.unknown else 2):
                continue
            f: Figure = d.obj
            if "year" in q.words and f.period and "year" in fold(f.period):
                score += 1
            if f.topics and f"topic:{f.topics[0]}" in strong:
                score += 1  # the figure is chiefly about what was asked
            score += self.measure_spread[f.measure]  # cited more widely
            per_measure[f.measure] = max(per_measure.get(f.measure, 0.0), score)
        return sorted(((s, m) for m, s in per_measure.items() if s >= 2), reverse=True)

    def figure_answer(self, q: Query, scored: list[tuple[float, str]]) -> Answer:
        measure = scored[0][1]
        docs = self.index.figures_by_measure[measure]
        release_rank = {rid: i for i, rid in enumerate(self.ranked_releases(self.strong_keys(q)))}
        docs = sorted(
            docs, key=lambda d: (release_rank.get(d.release_id, len(release_rank)), d.key)
        )
        values = list(dict.fromkeys(d.obj.value for d in docs))
        releases = [d.release_id for d in docs]
        if len(values) > 1:
            return self.disagreement(docs, values, releases)
        lead = sentence(figure_sentence(docs[0].obj))
        bullets = [f"“{escape_mrkdwn(d.obj.quote)}”" for d in docs[:1]]
        if len(docs) > 1:
            bullets.append(f"{len(docs)} releases give the same figure.")
        if not q.fact_question:  # "facts kidnapping": an overview, not one number
            for _, other in scored[1:MAX_BULLETS]:
                d = self.index.figures_by_measure[other][0]
                bullets.append(capitalise(figure_sentence(d.obj)))
                releases.append(d.release_id)
        return self.answered(
            "facts", lead, bullets, releases, contacts=self.contacts_for(releases[:1])
        )

    def disagreement(self, docs: list[Doc], values: list[float], releases: list[str]) -> Answer:
        """Every figure the releases give for one measure, each with its sources."""
        groups: dict[float, list[Doc]] = defaultdict(list)
        for d in docs:
            groups[d.obj.value].append(d)
        bullets, numbers = [], []
        for value in sorted(groups):
            group = groups[value]
            numbers.append(
                " / ".join(dict.fromkeys(escape_mrkdwn(fmt_number(d.obj)) for d in group))
            )
            titles = "; ".join(
                f"_{escape_mrkdwn(self.kb.release(d.release_id).title)}_" for d in group
            )
            bullets.append(f"{capitalise(figure_sentence(group[0].obj))}. Source: {titles}")
        lead = (
            f"The releases disagree: they give {len(values)} different figures for this: "
            f"{', '.join(numbers[:-1])} and {numbers[-1]}."
        )
        answer = self.answered(
            "facts", lead, [], releases, disagreement=True, contacts=self.contacts_for(releases)
        )
        return answer.model_copy(update={"bullets": bullets})

    def topic_facts(self, keys: list[str], q: Query) -> Answer | None:
        docs = [
            d
            for k in keys
            for d in self.index.docs_by_target.get(k, [])
            if d.kind in ("figure", "fact")
        ]
        if not docs:
            return None
        order = {rid: i for i, rid in enumerate(self.ranked_releases(keys))}
        docs.sort(key=lambda d: (d.kind != "figure", order.get(d.release_id, len(order))))
        unique: dict[str, Doc] = {}
        for d in docs:
            unique.setdefault(d.obj.measure if d.kind == "figure" else d.text, d)
        bullets = [  # only what answered() shows
            figure_sentence(d.obj) if d.kind == "figure" else d.text
            for d in list(unique.values())[:MAX_BULLETS]
        ]
        label = escape_mrkdwn(self.t(keys[0]).name)
        lead = f"What the releases say about {label}:"
        releases = [d.release_id for d in unique.values()]
        return self.answered("facts", lead, [capitalise(b) for b in bullets], releases)

    def on_releases(self, q: Query) -> Answer | None:
        strong = self.strong_keys(q)
        if q.content and (not strong or self.out_of_scope(q)):
            return None
        ids = self.ranked_releases(strong) if strong else [r.id for r in self.kb.releases]
        bullets = [
            f"*{escape_mrkdwn(self.kb.release(rid).title)}*: "
            f"{escape_mrkdwn(self.kb.release(rid).summary)}"
            for rid in ids
        ]
        about = f" about {escape_mrkdwn(self.t(strong[0]).name)}" if strong else ""
        lead = f"{len(ids)} IOM Mexico release{'s' if len(ids) != 1 else ''}{about}:"
        answer = self.answered("releases", lead, [], ids, contacts=[])
        return answer.model_copy(update={"bullets": bullets[:10], "sources": []})

    def on_search(self, q: Query) -> Answer | None:
        if self.out_of_scope(q):
            return None
        strong = self.strong_keys(q)
        if not strong:
            return None
        uncovered = [w for i, w in enumerate(q.words) if w in q.content and i not in q.covered]
        asks = QUESTION_WORDS & set(fold(q.raw).split())
        if not uncovered and len(strong) == 1 and not asks:
            # the text is just a name: "grupos beta", "acayucan", "la bestia"
            kind = self.t(strong[0]).kind
            if kind in ("person", "contact"):
                return self.describe_people(strong[:1], None)
            return self.on_what(q)
        wanted = {stem(w) for w in q.content}
        ranked = sorted(
            (
                (
                    3 * len((d.targets | d.places) & set(strong))
                    + len(wanted & d.words)
                    + self.hint(asks, d),
                    d,
                )
                for k in strong
                for d in self.index.docs_by_target.get(k, [])
            ),
            key=lambda x: -x[0],
        )
        ranked = [(s, d) for s, d in ranked if s >= 4]
        if not ranked:
            return self.topic_facts(strong, q) if not uncovered else None
        first: dict[str, Doc] = {}
        for _, d in ranked:
            first.setdefault(d.obj.measure if d.kind == "figure" else d.key, d)
        docs = list(first.values())
        texts = [  # only what answered() shows: a lead and MAX_BULLETS bullets
            figure_sentence(d.obj) if d.kind == "figure" else d.text
            for d in docs[: MAX_BULLETS + 1]
        ]
        return self.answered(
            "search",
            sentence(texts[0]),
            [capitalise(t) for t in texts[1:]],
            [d.release_id for d in docs],
        )

    def hint(self, asks: AbstractSet[str], d: Doc) -> float:
        """'when' wants a year, 'where' a place: prefer statements that hold one."""
        bonus = 0.0
        if "when" in asks and YEAR.search(d.text):
            bonus += 1.5
        if "where" in asks and d.places - GENERIC_PLACES:
            bonus += 1.5
        if asks & SAYING and d.kind == "fact" and " said " in f" {d.text} ":
            bonus += 2.0
        return bonus

    def suggestions(self, q: Query) -> list[str]:
        text = " ".join(q.content) or " ".join(q.words)
        picks: list[str] = []
        if text:
            hits = process.extract(
                text, self.topic_choices, scorer=fuzz.partial_ratio, limit=3, score_cutoff=60
            )
            picks = [self.topic_query(key) for _, _, key in hits]
        for fallback in ("topic:kidnapping", "topic:trafficking", "topic:southern-border"):
            if len(picks) >= 3:
                break
            if fallback in self.index.targets and self.topic_query(fallback) not in picks:
                picks.append(self.topic_query(fallback))
        return picks[:3]

    def topic_query(self, key: str) -> str:
        return "facts " + key.split(":", 1)[1].replace("-", " ")

    def unknown(self, q: Query) -> Answer:
        shown = escape_mrkdwn(q.raw[:120] + ("…" if len(q.raw) > 120 else ""))
        lead = (
            f"I don't have an answer to “{shown}” in the IOM Mexico releases I know."
            if shown.strip()
            else "I don't have an answer to that in the IOM Mexico releases I know."
        )
        general = self.kb.general_contact
        return Answer(
            query="",
            answered=False,
            intent="unknown",
            lead=lead,
            suggestions=self.suggestions(q),
            contacts=[general] if general else [],
        )
