"""The quote walks look only at fields that may hold a quote, and find what a walk over
every field finds: on invented record types (lists, unions, Annotated, a nested record,
Any, a record that holds itself) and on the packaged releases."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import BaseModel, Field

from knowledge import load_knowledge
from knowledge.loading.checks import iter_quotes, walk_plan
from knowledge.loading.spanish import iter_quotes_es


def every_field(
    model: BaseModel, name: str, singles: bool, path: str = ""
) -> Iterator[tuple[str, str]]:
    """The walk before plans: every field of every record."""
    for field_name in type(model).model_fields:
        value = getattr(model, field_name)
        here = f"{path}.{field_name}" if path else field_name
        if field_name == name and isinstance(value, str):
            yield here, value
        elif singles and isinstance(value, BaseModel):
            yield from every_field(value, name, singles, here)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from every_field(item, name, singles, f"{here}[{i}]")


class Leaf(BaseModel):
    quote: str
    quote_es: str | None = None
    note: str = ""


class Plain(BaseModel):
    label: str
    tags: list[str] = []


class Holder(BaseModel):
    id: str
    leaves: list[Leaf] = []
    maybe: list[Leaf] | None = None
    marked: Annotated[list[Leaf], Field(max_length=5)] = []
    mixed: list[Leaf | Plain] = []
    one: Leaf | None = None
    plains: list[Plain] = []
    loose: Any = None
    counts: dict[str, int] = {}


class Nest(BaseModel):
    quote: str = ""
    children: list[Nest] = []


def holder() -> Holder:
    leaf = Leaf(quote="una cita inventada", quote_es="an invented quote")
    return Holder(
        id="x",
        leaves=[leaf, Leaf(quote="second")],
        maybe=[Leaf(quote="in an optional list", quote_es="en una lista")],
        marked=[leaf],
        mixed=[Plain(label="p"), Leaf(quote="mixed in")],
        one=Leaf(quote="a single record", quote_es="un solo registro"),
        plains=[Plain(label="q", tags=["a"])],
        loose=[Leaf(quote="under Any")],
    )


def test_the_plan_skips_only_fields_that_cannot_hold_the_name() -> None:
    assert [f for f, _ in walk_plan(Holder, "quote", True)] == [
        "leaves",
        "maybe",
        "marked",
        "mixed",
        "one",
        "loose",
    ]
    assert [f for f, _ in walk_plan(Holder, "quote_es", False)] == [
        "leaves",
        "maybe",
        "marked",
        "mixed",
        "loose",
    ]
    assert walk_plan(Plain, "quote", True) == ()
    assert walk_plan(Nest, "quote", True) == (("quote", "here"), ("children", "nested"))


def test_planned_walks_find_what_every_field_finds() -> None:
    h = holder()
    assert list(iter_quotes(h)) == list(every_field(h, "quote", True))
    assert list(iter_quotes_es(h)) == list(every_field(h, "quote_es", False))
    assert ("loose[0].quote", "under Any") in list(iter_quotes(h))
    nest = Nest(quote="top", children=[Nest(children=[Nest(quote="deep")])])
    assert list(iter_quotes(nest)) == list(every_field(nest, "quote", True))
    assert ("children[0].children[0].quote", "deep") in list(iter_quotes(nest))


def test_on_the_packaged_releases() -> None:
    for release in load_knowledge(cache=False).releases:
        assert list(iter_quotes(release)) == list(every_field(release, "quote", True))
        assert list(iter_quotes_es(release)) == list(every_field(release, "quote_es", False))
