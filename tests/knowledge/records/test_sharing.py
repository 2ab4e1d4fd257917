"""Records that set the same fields share one fields-set object, safely."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from invented_releases import LAGOON, grown
from pydantic import BaseModel, ValidationError

from knowledge.records.models import Release
from knowledge.records.sharing import share_field_sets


def every_model(models: list[BaseModel]) -> list[BaseModel]:
    out: list[BaseModel] = []
    stack: list[object] = list(models)
    while stack:
        item = stack.pop()
        if isinstance(item, BaseModel):
            out.append(item)
            stack.extend(item.__dict__.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return out


def test_loaded_records_share_their_field_sets_and_keep_their_contents(tmp_path: Path) -> None:
    kb = grown(tmp_path, LAGOON)
    models = every_model(list(kb.releases))
    assert len(models) > 100
    objects = {id(m.__pydantic_fields_set__) for m in models}
    contents = {frozenset(m.__pydantic_fields_set__) for m in models}
    assert len(objects) == len(contents) < len(models) // 3  # one object per content
    fresh = [Release.model_validate(r.model_dump(exclude_unset=True)) for r in kb.releases]
    assert fresh == list(kb.releases)  # exclude_unset still reads each record's own fields
    for m in models:
        assert m.model_fields_set <= set(type(m).model_fields)


def test_a_shared_set_is_never_changed_through_one_record(tmp_path: Path) -> None:
    release = grown(tmp_path, LAGOON).releases[0]
    before = set(release.__pydantic_fields_set__)
    with pytest.raises(ValidationError):
        release.title = "changed"  # records are frozen: pydantic cannot add to the set
    copy = release.model_copy(update={"summary": "other"})
    assert release.__pydantic_fields_set__ == before
    assert copy.__pydantic_fields_set__ is not release.__pydantic_fields_set__


def test_sharing_survives_the_load_cache_pickle(tmp_path: Path) -> None:
    kb = grown(tmp_path, LAGOON)
    again = pickle.loads(pickle.dumps(list(kb.releases)))
    models = every_model(again)
    objects = {id(m.__pydantic_fields_set__) for m in models}
    assert len(objects) == len({frozenset(m.__pydantic_fields_set__) for m in models})
    assert share_field_sets(again) == len(models)
