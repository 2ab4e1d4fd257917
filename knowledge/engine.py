"""Placeholder replaced shortly by the real engine."""

from knowledge.answer import Answer


class Engine:
    def __init__(self, kb) -> None:
        self.kb = kb

    def answer(self, text: str) -> Answer:
        return Answer(query=text, answered=False, intent="unknown", lead="I don't know yet.")
