"""topic_facts stops reading docs once the answer is known, and answers as if it had not."""

from __future__ import annotations

from pathlib import Path

from invented_releases import LAGOON, grown, release

from knowledge.answer import Answer, inline
from knowledge.engine.core import MAX_BULLETS, Core, figure_of, point
from knowledge.engine.topics import topic_facts
from knowledge.search.index import Doc
from knowledge.search.query import Query


def topic_facts_reading_every_doc(core: Core, keys: list[str]) -> Answer | None:
    """topic_facts as it was: every doc of the keys deduplicated before any is shown."""
    docs = [
        d
        for k in keys
        for d in core.index.docs_by_target.get(k, [])
        if d.kind in ("figure", "fact")
    ]
    if not docs:
        return None
    order = {rid: i for i, rid in enumerate(core.ranked_releases(keys))}
    docs.sort(key=lambda d: (d.kind != "figure", order.get(d.release_id, len(order))))
    unique: dict[str, Doc] = {}
    for d in docs:
        unique.setdefault(figure_of(d).measure if d.kind == "figure" else d.plain, d)
    bullets = [point(d, capitalised=True) for d in list(unique.values())[:MAX_BULLETS]]
    lead = inline(f"What the releases say about {core.t(keys[0]).name}:")
    return core.answered("facts", lead, bullets, [d.release_id for d in unique.values()])


def test_topic_facts_answer_as_reading_every_doc(tmp_path: Path) -> None:
    """Six invented releases repeat facts about one topic, each with its own figure: the
    answer (bullets, sources, contacts, total) is the one the full pass gives."""
    more = [
        release(
            f"shore-{i}",
            f"Shore patrols, part {i}",
            ["kidnapping", "cooperation"],
            facts=[
                {
                    "id": f"patrol-{i}",
                    "statement": f"Shore patrol {i} met migrants on the beach.",
                    "topics": ["kidnapping"],
                    "quote": f"Shore patrol {i} met migrants on the beach",
                },
                {
                    "id": "night",
                    "statement": "Patrols work at night.",
                    "topics": ["kidnapping"],
                    "quote": "Patrols work at night",
                },
            ],
        )
        for i in range(6)
    ]
    core = grown(tmp_path, LAGOON, *more).prepare().core
    keys = [k for k, t in core.index.targets.items() if t.kind == "topic" and t.releases]
    assert "topic:kidnapping" in keys
    for key in keys:
        q = Query(raw=key, intent="facts", words=[])
        expected = topic_facts_reading_every_doc(core, [key])
        assert topic_facts(core, [key], q) == expected, key
    many = topic_facts(core, ["topic:kidnapping"], Query(raw="", intent="facts", words=[]))
    assert many is not None and len(many.bullets) == MAX_BULLETS and len(many.sources) > 1
