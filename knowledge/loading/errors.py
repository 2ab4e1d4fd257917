"""The one error loading raises: every problem found, one line each."""

from __future__ import annotations


class KnowledgeError(Exception):
    """The knowledge directory has problems; ``problems`` holds one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))
