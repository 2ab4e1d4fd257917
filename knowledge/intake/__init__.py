"""Release intake: turn a raw scraped release page into a draft knowledge record.

The pipeline is a chain of pure functions, one module per stage (no file or network access
in any of them; the command line in ``knowledge.intake.cli`` reads and writes):

    page         decode_page: bytes → text, refusing empty, binary, non-UTF-8 and
                 oversize input; normalise: CRLF, HTML entities and tags → a clean view
                 that keeps, for every character, where it came from in the page, so every
                 quote is cut from the page exactly as stored (the loader checks quotes
                 against it)
    layout       split_page: navigation menus, "Who we are" blocks, comment forms…
                 removed; the contact block, the title and the body paragraphs found;
                 sentences, and the clause of a sentence quotes are cut from
    contacts     find_contacts: names, emails (mailto: leftovers too), phones and offices
    figures      find_figures: every number that counts something, with its sentence
    known        match_known: people, organisations, places, programmes… the knowledge
                 already has
    names        find_people / find_candidates: new names for the curator to consider
    topics       guess_topics, dates, slugify
    draft        draft_release: all of it as a dict shaped like ``models.Release``, plus
                 the YAML written by ``yaml_writer``
    self_check   proof, before anything is written, that the draft passes the checks

``common`` holds what several stages share (the TODO marker, month names, the shape of a
name), so that no stage imports a sibling's private names.

Whatever the curator must decide is a string starting ``TODO:`` followed by the best
guess, so that ``iom-bot knowledge check`` lists it ("still marked TODO") until it is
filled.  Fields that have a pattern (ids, topics, dates) always hold a valid guess, so an
unfilled draft gives TODO lines rather than pattern errors; a missing email is the
valid-shaped ``TODO@iom.int``, and only a phone the page does not print is an invalid
placeholder (reported as TODO and as "not a phone number").

Quotes are cut from the stored page through the offset map, so they occur in it by
construction; ``self_check`` proves, before anything is written, that the draft with its
guesses accepted passes the loader's checks.
"""

from knowledge.intake.common import MAX_BYTES, TODO, IntakeError
from knowledge.intake.contacts import FoundContact, find_contact_block, find_contacts
from knowledge.intake.draft import Draft, draft_release
from knowledge.intake.figures import FoundFigure, find_figures
from knowledge.intake.known import FoldedView, Known, KnownFigure, Match, match_known
from knowledge.intake.layout import Layout, Sentence, is_junk, sentences, split_page
from knowledge.intake.names import (
    Candidate,
    Coverage,
    FoundPerson,
    find_candidates,
    find_people,
)
from knowledge.intake.page import Line, Page, decode_page, normalise, split_lines
from knowledge.intake.self_check import fill_todos, self_check
from knowledge.intake.topics import guess_topics, slugify
from knowledge.intake.yaml_writer import render_yaml

__all__ = [
    "MAX_BYTES",
    "TODO",
    "Candidate",
    "Coverage",
    "Draft",
    "FoldedView",
    "FoundContact",
    "FoundFigure",
    "FoundPerson",
    "IntakeError",
    "Known",
    "KnownFigure",
    "Layout",
    "Line",
    "Match",
    "Page",
    "Sentence",
    "decode_page",
    "draft_release",
    "fill_todos",
    "find_candidates",
    "find_contact_block",
    "find_contacts",
    "find_figures",
    "find_people",
    "guess_topics",
    "is_junk",
    "match_known",
    "normalise",
    "render_yaml",
    "self_check",
    "sentences",
    "slugify",
    "split_lines",
    "split_page",
]
