"""The engine's entry point: parse the text, hand the Query to its intent's handler, and
fall back to the unknown answer when the handler has none (or fails)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from knowledge.answer import Answer, Intent
from knowledge.corpus import Corpus
from knowledge.engine.contact import on_contact
from knowledge.engine.core import Core
from knowledge.engine.facts import on_facts
from knowledge.engine.help import on_help
from knowledge.engine.releases import on_releases
from knowledge.engine.search import on_search
from knowledge.engine.unknown import unknown
from knowledge.engine.what import on_what
from knowledge.engine.who import on_who
from knowledge.i18n import Lang, speaking
from knowledge.i18n.curated import counting_missing
from knowledge.search.memo import TextMemo
from knowledge.search.query import Query

LOGGER = "knowledge.engine"  # imported when it has something to say: see _answer

Handler = Callable[[Core, Query], Answer | None]


def on_unknown(core: Core, q: Query) -> None:
    """No handler answers an unknown intent: the unknown answer follows."""
    return None


#: One handler per intent (tests check that every ``Intent`` has one).
HANDLERS: Mapping[Intent, Handler] = {
    "contact": on_contact,
    "who": on_who,
    "what": on_what,
    "facts": on_facts,
    "releases": on_releases,
    "help": on_help,
    "search": on_search,
    "unknown": on_unknown,
}


class Engine:
    """A parsed Query in, an Answer out, from curated docs only. Built once per corpus."""

    def __init__(self, corpus: Corpus, memo: TextMemo | None = None) -> None:
        """``memo``: the text tables of an earlier build to reuse (``knowledge.search.memo``);
        this build's are left in it."""
        self.core = Core(corpus, memo)

    def answer(self, text: str, lang: Lang = "en") -> Answer:
        """The answer to ``text``, phrased in ``lang`` (what it says does not depend on
        the language: only how it is said)."""
        with speaking(lang), counting_missing() as missing:
            answer = self._answer(text)
        return answer.model_copy(update={"lang": lang, "untranslated": len(missing)})

    def _answer(self, text: str) -> Answer:
        query: Query
        answer: Answer | None
        try:
            query = self.core.parser.parse(text if isinstance(text, str) else "")
            answer = HANDLERS[query.intent](self.core, query)
        except Exception:  # any input gets an Answer, never a traceback
            import logging  # not at the top: about 3 ms of every `iom-bot ask`, which logs nothing

            logging.getLogger(LOGGER).exception(
                "engine failed on a %d-character question", len(text or "")
            )
            query = Query(raw="", intent="unknown", words=[])
            answer = None
        if answer is None:
            answer = unknown(self.core, query)
        return answer.model_copy(
            update={
                "query": text if isinstance(text, str) else "",
                "corrections": query.corrections,
            }
        )
