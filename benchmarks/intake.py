"""Intake precision: `iom-bot ingest` drafts of real release pages it was not developed on,
compared field by field with the records curators made from the same pages.

    python benchmarks/intake.py                        # ../shared/dev-releases vs dev-kb
    python benchmarks/intake.py --shared DIR --json out.json

Every ``<shared>/dev-releases/*.txt`` page is drafted (``draft_release``, as ``ingest``
does) against a temporary copy of the packaged knowledge, as a curator's directory is
right after ``iom-bot knowledge init``; each page is drafted on its own, against that
copy alone. The page is matched to its curated record in ``<shared>/dev-kb/releases`` by
its source file (the record's ``sources/`` file has the page's exact text), else by its
title (folded); a page with neither is reported and skipped. Nothing from /work/shared is
copied into the project: the pages are read here, at run time.

How fields are compared (everything casefolded, accents and punctuation folded away, a
leading ``TODO: `` removed: a guess is scored as the value it proposes; the TODO column
says how many of the draft's values in that row were marked for the curator):

- contacts name / email / phone: sets per page (phones as E.164); the placeholder contact
  a draft carries when the page has no contact block is not a contact.
- places, people: a draft entry is right if its name is the curated entry's name or one
  of its aliases (or the other way round). ``place kind`` and ``role`` are scored on the
  entries whose name matched (role exactly, after folding; a role "not printed here" is
  no role).
- figures: a draft figure is right if the curated record has a figure of the same value
  (each curated figure matched once, nearest ``as_written`` first). unit, period and
  attribution are then scored on the draft's figures carrying one (precision: a value on
  an unmatched figure is wrong) against the curated figures carrying one (recall). Periods
  compare after mapping 'each year', 'annually', 'cada año'… to one form and dropping a
  leading 'in'; an attribution is right if the organisation ids agree, or the words of
  ``attributed_to`` mostly agree.
- measure keys: a draft figure filed under a measure key the knowledge already had is a
  right reuse when the curated record files its figure under that key, else a false
  merge (the bot would report a disagreement that is not one).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from knowledge.intake.cli import read_knowledge_dir  # noqa: E402
from knowledge.intake.draft import draft_release  # noqa: E402
from knowledge.loading.loader import default_knowledge_dir, load_release, load_vocabulary  # noqa: E402
from knowledge.records.models import Release  # noqa: E402
from knowledge.records.phones import normalise_phone  # noqa: E402
from knowledge.text import content_words, fold  # noqa: E402

TODO = "TODO: "
TODAY = dt.date(2026, 1, 1)  # fixed, so that two runs print the same drafts

_PERIOD_FORMS = {
    "per year": "each year|every year|annually|yearly|a year|per annum|cada ano|al ano|anualmente|por ano",
    "per month": "each month|every month|monthly|a month|cada mes|al mes|mensualmente",
    "per day": "each day|every day|daily|a day|al dia|diariamente|cada dia",
}
_PERIOD_ALIASES = {a: form for form, text in _PERIOD_FORMS.items() for a in text.split("|")}


@dataclass
class Score:
    """One row: how many values the drafts proposed, how many curated, how many agree."""

    field: str
    drafted: int = 0
    curated: int = 0
    right: int = 0
    todo: int = 0

    @property
    def precision(self) -> float | None:
        return self.right / self.drafted if self.drafted else None

    @property
    def recall(self) -> float | None:
        return self.right / self.curated if self.curated else None

    def add(self, drafted: int, curated: int, right: int, todo: int = 0) -> None:
        self.drafted += drafted
        self.curated += curated
        self.right += right
        self.todo += todo


@dataclass
class Report:
    """Every row, the measure-key counts and what happened per page."""

    scores: dict[str, Score] = field(default_factory=dict)
    reused_right: int = 0
    false_merges: int = 0
    false_merge_examples: list[str] = field(default_factory=list)
    pages: list[dict[str, Any]] = field(default_factory=list)
    details: list[str] = field(default_factory=list)  # what differs, page by page

    def row(self, name: str) -> Score:
        return self.scores.setdefault(name, Score(name))


def is_todo(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(TODO)


def bare(value: Any) -> str:
    """A value as compared: TODO prefix, a trailing '(…)' note and case dropped, folded."""
    if not isinstance(value, str):
        return ""
    text = value.removeprefix(TODO)
    if text.endswith(")") and "(" in text:
        text = text[: text.rindex("(")]
    return fold(text)


def placeholder(value: Any) -> bool:
    """A TODO that proposes nothing ('TODO: unit', 'TODO: role (not printed …)')."""
    return is_todo(value) and bare(value) in {"", "unit", "what is counted", "role", "phone"}


def norm_period(value: Any) -> str:
    text = bare(value).removeprefix("in ").strip()
    return _PERIOD_ALIASES.get(text, text)


def norm_unit(value: Any) -> str:
    text = bare(value).replace("metres", "meters").replace("metre", "meter")
    return " ".join(w.removesuffix("s") for w in text.split())


def names_of(entry: Any) -> set[str]:
    """The folded names an entry goes by (draft dict or curated model)."""
    get = entry.get if isinstance(entry, dict) else lambda k, d=None: getattr(entry, k, d)
    names = [get("name"), get("name_en"), *(get("aliases") or [])]
    return {bare(n) for n in names if isinstance(n, str) and bare(n)}


def matched_pairs(drafted: list[Any], curated: list[Any]) -> list[tuple[Any, Any]]:
    """Each draft entry with an unused curated entry sharing one of its names, one of the
    same kind first (a state and a city of one name are two places)."""
    pairs, used = [], set()

    def kind(entry: Any) -> Any:
        return entry.get("kind") if isinstance(entry, dict) else getattr(entry, "kind", None)

    for d in drafted:
        options = [
            (kind(d) != kind(c), i)
            for i, c in enumerate(curated)
            if i not in used and names_of(d) & names_of(c)
        ]
        if options:
            _, i = min(options)
            pairs.append((d, curated[i]))
            used.add(i)
    return pairs


def load_curated(dev_kb: Path) -> tuple[dict[str, Release], dict[str, Release]]:
    """The curated records by their source file's text and by their folded title."""
    vocabulary, _ = load_vocabulary(dev_kb)
    topics = {t.id for t in vocabulary.topics} if vocabulary else set()
    by_text: dict[str, Release] = {}
    by_title: dict[str, Release] = {}
    for path in sorted((dev_kb / "releases").glob("*.yaml")):
        release, _, _ = load_release(dev_kb, path, topics)
        if release is None:
            continue
        source = dev_kb / "sources" / release.source_file
        if source.is_file():
            by_text[source.read_text(encoding="utf-8")] = release
        by_title[fold(release.title)] = release
    return by_text, by_title


def score_contacts(report: Report, record: dict[str, Any], curated: Release) -> None:
    real = [c for c in record["contacts"] if not is_todo(c["name"]) or "@" in c["quote"]]

    def phone(p: Any) -> str:
        try:
            return normalise_phone(str(p)).e164
        except ValueError:
            return ""

    kinds = {
        "contact name": (lambda c: bare(c["name"]), lambda c: bare(c.name)),
        "contact email": (
            lambda c: "" if c["email"] in (None, "TODO@iom.int") else c["email"].casefold(),
            lambda c: str(c.email or "").casefold(),
        ),
        "contact phone": (lambda c: phone(c["phone"]), lambda c: phone(c.phone)),
    }
    for name, (of_draft, of_curated) in kinds.items():
        d = {v for c in real if (v := of_draft(c))}
        k = {v for c in curated.contacts if (v := of_curated(c))}
        todo = sum(1 for c in real if is_todo(c[name.split()[1]]))
        report.row(name).add(len(d), len(k), len(d & k), todo)


def score_entities(report: Report, record: dict[str, Any], curated: Release) -> None:
    places = record["places"]
    pairs = matched_pairs(places, list(curated.places))
    todo = sum(1 for p in places if any(is_todo(v) for v in p.values()))
    report.row("places").add(len(places), len(curated.places), len(pairs), todo)
    got = {id(d) for d, _ in pairs} | {id(c) for _, c in pairs}
    report.details.append(
        f"  places missed: {[c.name for c in curated.places if id(c) not in got]}; "
        f"extra: {[(d['name'], d.get('kind')) for d in places if id(d) not in got]}"
    )
    kind_right = sum(1 for d, c in pairs if bare(d.get("kind")) == c.kind)
    report.row("place kind").add(
        len(pairs), len(pairs), kind_right, sum(is_todo(d.get("kind")) for d, _ in pairs)
    )
    people = record["people"]
    pairs = matched_pairs(people, list(curated.people))
    report.row("people").add(len(people), len(curated.people), len(pairs))
    with_role = [
        p
        for p in people
        if not placeholder(p.get("role")) and "not printed" not in str(p.get("role"))
    ]
    role_right = sum(
        1
        for d, c in pairs
        if d in with_role
        and bare(d["role"]).removeprefix("the ") == bare(c.role).removeprefix("the ")
    )
    report.row("roles").add(
        len(with_role), len(curated.people), role_right, sum(is_todo(p.get("role")) for p in people)
    )


def figure_pairs(
    drafted: list[dict[str, Any]], curated: Release
) -> list[tuple[dict[str, Any], Any]]:
    """Draft figures with the curated figure of the same value (nearest as_written)."""
    pairs, used = [], set()
    for d in drafted:
        options = [
            (fold(c.as_written) != fold(str(d["as_written"])), i)
            for i, c in enumerate(curated.figures)
            if i not in used and abs(c.value - float(d["value"])) < 1e-9
        ]
        if options:
            _, i = min(options)
            used.add(i)
            pairs.append((d, curated.figures[i]))
    return pairs


def attribution_agrees(d: dict[str, Any], c: Any) -> bool:
    if d.get("attributed_org") and d.get("attributed_org") == c.attributed_org:
        return True
    ours, theirs = content_words(bare(d.get("attributed_to"))), content_words(bare(c.attributed_to))
    return bool(ours and theirs) and len(ours & theirs) / len(ours | theirs) >= 0.5


def score_figures(
    report: Report, record: dict[str, Any], curated: Release, known_measures: set[str]
) -> None:
    figures = record["figures"]
    pairs = figure_pairs(figures, curated)
    report.row("figures").add(len(figures), len(curated.figures), len(pairs))
    qual_right = sum(1 for d, c in pairs if d.get("qualifier", "exact") == c.qualifier)
    report.row("qualifier").add(len(pairs), len(pairs), qual_right)
    attributes = {
        "unit": (
            lambda d: None if placeholder(d.get("unit")) else d.get("unit"),
            lambda c: c.unit,
            lambda d, c: norm_unit(d["unit"]) == norm_unit(c.unit),
        ),
        "period": (
            lambda d: d.get("period"),
            lambda c: c.period,
            lambda d, c: norm_period(d["period"]) == norm_period(c.period),
        ),
        "attribution": (
            lambda d: d.get("attributed_to") or d.get("attributed_org"),
            lambda c: c.attributed_to or c.attributed_org,
            attribution_agrees,
        ),
    }
    for name, (of_draft, of_curated, agree) in attributes.items():
        drafted = [d for d in figures if of_draft(d)]
        curated_n = sum(1 for c in curated.figures if of_curated(c))
        right = sum(1 for d, c in pairs if of_draft(d) and of_curated(c) and agree(d, c))
        todo = sum(1 for d in drafted if is_todo(of_draft(d)))
        report.row(name).add(len(drafted), curated_n, right, todo)
    curated_of = {id(d): c for d, c in pairs}
    for d in figures:
        c = curated_of.get(id(d))
        ours = (d["as_written"], d.get("unit"), d.get("period"), d.get("attributed_to"))
        theirs = (c.unit, c.period, c.attributed_to or c.attributed_org) if c else "no such figure"
        report.details.append(f"  figure {ours} curated {theirs}")
    found = {id(c) for _, c in pairs}
    missed = [c.as_written for c in curated.figures if id(c) not in found]
    report.details.append(f"  figures missed: {missed}")
    for d in figures:
        if d["measure"] not in known_measures:
            continue
        c = curated_of.get(id(d))
        if c is not None and c.measure == d["measure"]:
            report.reused_right += 1
        else:
            report.false_merges += 1
            report.false_merge_examples.append(
                f"{curated.id}: {d['as_written']} under {d['measure']}"
            )


def score_page(report: Report, page: Path, kb_dir: Path, curated: Release) -> None:
    """Draft one page against the copy and add its comparison to the report."""
    kd = read_knowledge_dir(kb_dir)
    draft = draft_release(page.read_bytes(), kd.known, today=TODAY, name=page.name)
    record = draft.record
    report.details.append(f"{page.name} -> {curated.id}: title {record['title']!r}")
    title_right = bare(record["title"]) == bare(curated.title)
    report.row("title").add(1, 1, int(title_right), int(is_todo(record["title"])))
    score_contacts(report, record, curated)
    score_entities(report, record, curated)
    score_figures(report, record, curated, kd.known.measures)
    report.pages.append(
        {
            "page": page.name,
            "record": curated.id,
            "title": record["title"],
            "figures": len(record["figures"]),
            "todos": len(draft.todos),
        }
    )


def run(shared: Path, against: str = "packaged") -> Report:
    """The whole comparison over ``<shared>/dev-releases``.

    ``against="packaged"``: each page drafted against the packaged knowledge, as a curator's
    first release after ``knowledge init``. ``"dev-kb"``: against the curated dev knowledge
    less the page's own record (leave one out), as a curator's next release into a grown
    knowledge base; the measure keys it could wrongly reuse are then other real releases'."""
    pages = sorted((shared / "dev-releases").glob("*.txt"))
    by_text, by_title = load_curated(shared / "dev-kb")
    report = Report()
    with tempfile.TemporaryDirectory() as tmp:
        kb_dir = Path(tmp) / "kb"  # what `iom-bot knowledge init` gives a curator
        base = default_knowledge_dir() if against == "packaged" else shared / "dev-kb"
        for page in pages:
            text = page.read_text(encoding="utf-8")
            curated = by_text.get(text) or _by_title(text, by_title)
            if curated is None:
                report.pages.append({"page": page.name, "record": None})
                continue
            if not kb_dir.exists() or against != "packaged":
                shutil.rmtree(kb_dir, ignore_errors=True)
                shutil.copytree(base, kb_dir, ignore=shutil.ignore_patterns("__pycache__"))
                if against != "packaged":  # leave the page's own record out
                    (kb_dir / "releases" / f"{curated.id}.yaml").unlink(missing_ok=True)
            score_page(report, page, kb_dir, curated)
    return report


def _by_title(text: str, by_title: dict[str, Release]) -> Release | None:
    folded = f" {fold(text)} "
    return next((r for t, r in by_title.items() if f" {t} " in folded), None)


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def table(report: Report) -> str:
    lines = [
        "| field | drafted | curated | right | precision | recall | TODO-marked |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in report.scores.values():
        lines.append(
            f"| {s.field} | {s.drafted} | {s.curated} | {s.right} | {_pct(s.precision)} "
            f"| {_pct(s.recall)} | {s.todo} |"
        )
    lines.append(
        f"\nmeasure keys reused: {report.reused_right + report.false_merges} "
        f"({report.reused_right} right, {report.false_merges} false merges)"
    )
    lines += [f"  false merge: {e}" for e in report.false_merge_examples]
    skipped = [p["page"] for p in report.pages if p["record"] is None]
    matched = len(report.pages) - len(skipped)
    lines.append(
        f"pages: {matched} matched to a curated record"
        + (f", skipped {skipped}" if skipped else "")
    )
    return "\n".join(lines)


def as_json(report: Report) -> dict[str, Any]:
    rows = [
        {**asdict(s), "precision": s.precision, "recall": s.recall} for s in report.scores.values()
    ]
    return {
        "rows": rows,
        "reused_right": report.reused_right,
        "false_merges": report.false_merges,
        "false_merge_examples": report.false_merge_examples,
        "pages": report.pages,
    }


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared",
        default=str(HERE.parent.parent / "shared"),
        help="folder holding dev-releases/ and dev-kb/ (default ../shared)",
    )
    parser.add_argument("--json", metavar="FILE", help="also write the rows as JSON")
    parser.add_argument("--details", action="store_true", help="also print what differs")
    parser.add_argument(
        "--against",
        choices=("packaged", "dev-kb"),
        default="packaged",
        help="draft against the packaged knowledge (default), or against dev-kb less the "
        "page's own record",
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    shared = Path(args.shared)
    if not (shared / "dev-releases").is_dir() or not (shared / "dev-kb" / "releases").is_dir():
        print(f"error: {shared} holds no dev-releases/ and dev-kb/releases/", file=sys.stderr)
        return 2
    report = run(shared, args.against)
    print(table(report))
    if args.details:
        print("\n".join(report.details))
    if args.json:
        Path(args.json).write_text(json.dumps(as_json(report), indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
