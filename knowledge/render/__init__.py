"""Renderers: an ``Answer`` (structured, plain text) to Slack mrkdwn or to terminal text.

The only place in ``knowledge`` that writes markup: ``mrkdwn`` escapes curated and user
text once and builds every link; ``plain`` writes for a terminal.
"""

from knowledge.render.mrkdwn import answer_json, answer_text, figure_sentence
from knowledge.render.plain import answer_plain

__all__ = ["answer_json", "answer_plain", "answer_text", "figure_sentence"]
