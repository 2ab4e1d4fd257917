"""The message catalogs: extract every message the bot writes, merge them into each
language's ``.po`` (keeping the translations), and compile the ``.mo`` the bot reads.

    python scripts/catalogs.py update     # after adding or changing a message
    python scripts/catalogs.py compile    # after translating in the .po

Messages are marked in the code with ``_("…")``, ``_n("…", "…", n)`` and ``N_("…")``
(``knowledge.i18n``). ``tests/knowledge/i18n/test_catalogs.py`` fails when a message has
no translation or a ``.mo`` is not the compiled ``.po``. Babel is a development
dependency only: at run time the standard library's gettext reads the ``.mo``.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "knowledge" / "i18n" / "locale"
DOMAIN = "iom_bot"
KEYWORDS = {"_": None, "_n": (1, 2), "N_": None}
SOURCES = ("knowledge", "bot")
# gettext's usual two forms (one, other): CLDR's newer third Spanish form ("many", for
# millions) would need a third string for every plural message, and gettext falls back
# to English for a form a catalog lacks.
PLURALS = {"es": (2, "(n != 1)")}


def extracted() -> Catalog:
    """Every marked message in the knowledge and bot packages, with where it occurs."""
    catalog = Catalog(project="iom-bot", domain=DOMAIN)
    for package in SOURCES:
        for filename, lineno, message, comments, _context in extract_from_dir(
            ROOT / package,
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,
            comment_tags=("TRANSLATORS:",),
            strip_comment_tags=True,
        ):
            if "/intake/" in f"/{filename}":
                continue
            catalog.add(
                message, locations=[(f"{package}/{filename}", lineno)], auto_comments=comments
            )
    return catalog


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(lang: str) -> Catalog:
    with po_path(lang).open("rb") as f:
        return with_plurals(read_po(f, locale=lang, domain=DOMAIN), lang)


def with_plurals(catalog: Catalog, lang: str) -> Catalog:
    if lang in PLURALS:
        catalog._num_plurals, catalog._plural_expr = PLURALS[lang]
    return catalog


def compiled(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def languages() -> list[str]:
    return sorted(p.name for p in LOCALE.iterdir() if p.is_dir())


def update(lang: str) -> None:
    template = extracted()
    path = po_path(lang)
    if path.exists():
        catalog = read(lang)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog = Catalog(locale=lang, domain=DOMAIN, project="iom-bot")
    catalog = with_plurals(catalog, lang)
    catalog.update(template, no_fuzzy_matching=True)
    with path.open("wb") as f:
        write_po(f, catalog, width=100, sort_output=False, omit_header=False)


def compile_mo(lang: str) -> None:
    po_path(lang).with_suffix(".mo").write_bytes(compiled(read(lang)))


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("update", "compile"):
        print(__doc__)
        return 2
    for lang in argv[1:] or languages():
        (update if argv[0] == "update" else compile_mo)(lang)
        print(f"{argv[0]}d {po_path(lang).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
