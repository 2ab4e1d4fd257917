"""Self-check: the draft with every guess accepted must pass `iom-bot knowledge check`,
proved before anything is written.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from knowledge.intake.common import TODO
from knowledge.intake.draft import Draft
from knowledge.loading.checks import check_entity_agreement, check_quotes, check_references
from knowledge.records.models import TODO_RE, Release


def fill_todos(record: dict[str, Any], title_quote: str) -> dict[str, Any]:
    """The draft as a curator who accepts every guess would leave it (used to self-check)."""

    def fill(value: Any, key: str) -> Any:
        if isinstance(value, dict):
            return {k: fill(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [fill(v, key) for v in value]
        if isinstance(value, str) and TODO_RE.search(value):
            if key == "email":
                return "press@iom.int"
            if key == "phone":
                return "+52 55 5536 3922"
            if key == "quote":
                return title_quote
            return value.replace(TODO, "").replace("TODO", "").strip() or "filled"
        return value

    return fill(record, "")


def self_check(
    draft: Draft, source: str, known_releases: list[Release], topic_ids: set[str]
) -> list[str]:
    """Problems `knowledge check` would report once the TODOs are filled: none, by design."""
    name = f"releases/{draft.release_id}.yaml"
    filled = fill_todos(draft.record, draft.title_quote)
    try:
        release = Release.model_validate(filled)
    except ValidationError as exc:
        return [f"{name}: {e['loc']}: {e['msg']}" for e in exc.errors()]
    problems = check_references(name, release, topic_ids)
    problems += check_quotes(name, release, f"sources/{release.source_file}", source)
    files = {r.id: f"releases/{r.id}.yaml" for r in known_releases}
    files[release.id] = name
    problems += [
        p for p in check_entity_agreement([*known_releases, release], files) if p.startswith(name)
    ]
    return problems
