"""The general press contact is the one the curators configured, not whoever is cited most
(issue 11, class 5): one new release must not change every general reply."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from slack_standin import add_release

from knowledge import KnowledgeError, load_knowledge


def cite_someone_else_often(directory: Path, times: int) -> str:
    """Invented releases whose only contact is a new person; returns that person's email."""
    email = "new.spokesperson@iom.int"
    for n in range(times):
        add_release(directory, f"cited-{n}", f"Invented release citing a new spokesperson {n}")
        path = directory / "releases" / f"cited-{n}.yaml"
        data = yaml.safe_load(path.read_text())
        data["contacts"] = [{**data["contacts"][0], "name": "Nueva Vocera", "email": email}]
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return email


def set_press_office(directory: Path, email: str | None) -> None:
    path = directory / "vocabulary.yaml"
    data = yaml.safe_load(path.read_text())
    if email is None:
        data.pop("press_office", None)
    else:
        data["press_office"] = email
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def test_without_a_configured_office_new_releases_change_the_general_contact(
    knowledge_copy: Path,
) -> None:
    set_press_office(knowledge_copy, None)
    before = load_knowledge(knowledge_copy, cache=False).general_contact
    email = cite_someone_else_often(knowledge_copy, 6)
    after = load_knowledge(knowledge_copy, cache=False).general_contact
    assert before is not None and after is not None
    assert after.email == email != before.email  # the fragility the setting removes


def test_the_configured_press_office_holds_as_releases_are_added(knowledge_copy: Path) -> None:
    set_press_office(knowledge_copy, "ivivaldo@iom.int")
    cite_someone_else_often(knowledge_copy, 6)
    kb = load_knowledge(knowledge_copy, cache=False)
    assert kb.general_contact is not None and kb.general_contact.email == "ivivaldo@iom.int"
    unknown = kb.answer("what is the weather in Berlin")
    assert [c.email for c in unknown.contacts] == ["ivivaldo@iom.int"]


def test_a_press_office_no_release_names_is_one_line_naming_the_field(
    knowledge_copy: Path,
) -> None:
    set_press_office(knowledge_copy, "nobody@iom.int")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(knowledge_copy, cache=False)
    assert caught.value.problems == [
        "vocabulary.yaml: press_office: nobody@iom.int is not the email of a contact named "
        "in any release"
    ]
