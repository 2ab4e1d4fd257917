"""Spanish: how many of the development set's Spanish questions are answered in Spanish
and correctly, and how well the language detector tells short and long text apart.

    python benchmarks/spanish.py                     # ../shared next to the repository
    python benchmarks/spanish.py --shared PATH

Which dev questions are Spanish is decided here independently of the detector: more of
their words are Spanish function or command words than English ones (the questions are
printed so the label can be checked). Each is asked as ``iom-bot ask --json --lang auto
--knowledge <shared>/dev-kb`` would ask it (the question's language when the detector can
tell, else English: what a Slack user with no choice and no Spanish locale gets), and
scored with the rules of ``<shared>/tools/eval.py`` (text_all, text_any, text_none,
answered, digits, contacts, sources), reimplemented here so that the Spanish answer text
is what is checked. The detector table uses the labelled Spanish/English pairs of
``tests/knowledge/i18n/test_spanish_table.py`` and the dev questions, split at three
words ("short": commands such as ``contact veracruz``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from knowledge import answer_json, detect_language, load_knowledge  # noqa: E402
from tests.knowledge.i18n.test_spanish_table import TABLE  # noqa: E402

SPANISH_WORDS = set(
    "el la los las del de que y en un una por para con se su al es son como cuántos cuántas "
    "cuántos cuánto quién quiénes qué dónde cuándo cómo cuál desde hay entre hace atiende "
    "contacto comunicados sobre datos cifras ayuda".split()
)
ENGLISH_WORDS = set(
    "the of and in to a an for with by is are was were that this who what when where which "
    "how many does did do from on about contact releases facts help".split()
)
WORD = re.compile(r"[^\W\d_]+")


def spanish_label(text: str) -> bool:
    words = [w.casefold() for w in WORD.findall(text)]
    return sum(w in SPANISH_WORDS for w in words) > sum(w in ENGLISH_WORDS for w in words)


def passes(case: dict[str, Any], r: dict[str, Any]) -> bool:
    """``<shared>/tools/eval.py``'s rules for one case."""
    text = (r.get("text") or "").lower()
    emails = [str(c.get("email") or "").lower() for c in r.get("contacts") or []]
    if "answered" in case and r.get("answered") is not case["answered"]:
        return False
    if any(s.lower() not in text for s in case.get("text_all", [])):
        return False
    if case.get("text_any") and not any(s.lower() in text for s in case["text_any"]):
        return False
    if any(s in (r.get("text") or "") for s in case.get("text_none", [])):
        return False
    if case.get("digits_any"):
        digits = re.sub(r"\D", "", text)
        if not any(d in digits for d in case["digits_any"]):
            return False
    wanted = case.get("contacts_any")
    if wanted and not any(e in emails or e in text for e in wanted):
        return False
    if case.get("first_contact") and (not emails or emails[0] != case["first_contact"]):
        return False
    return not (case.get("sources_min") and len(r.get("sources") or []) < case["sources_min"])


def dev_share(shared: Path) -> None:
    cases = [
        json.loads(line)
        for line in (shared / "dev-questions.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    kb = load_knowledge(shared / "dev-kb")
    spanish = [c for c in cases if spanish_label(c["q"])]
    in_spanish = correct = both = 0
    for case in spanish:
        lang = detect_language(case["q"]) or "en"
        r = answer_json(kb.answer(case["q"], lang))
        ok = passes(case, r)
        in_spanish += lang == "es"
        correct += ok
        both += lang == "es" and ok
        print(f"  {'es' if lang == 'es' else 'en'} {'ok  ' if ok else 'FAIL'} {case['q']}")
    n = len(spanish)
    print(f"Spanish dev questions: {n} of {len(cases)}")
    print(f"  answered in Spanish: {in_spanish}/{n}; correct: {correct}/{n}; both: {both}/{n}")


def detector_table(shared: Path) -> None:
    labelled = [(row[0], "es") for row in TABLE] + [(row[3], "en") for row in TABLE]
    dev = shared / "dev-questions.jsonl"
    if dev.exists():
        for line in dev.read_text(encoding="utf-8").splitlines():
            if line.strip():
                q = json.loads(line)["q"]
                labelled.append((q, "es" if spanish_label(q) else "en"))
    groups: dict[str, list[int]] = {"short (<= 3 words)": [0, 0, 0], "long (> 3 words)": [0, 0, 0]}
    for text, lang in dict.fromkeys(labelled):
        group = "short (<= 3 words)" if len(WORD.findall(text)) <= 3 else "long (> 3 words)"
        got = detect_language(text)
        groups[group][0 if got == lang else 1 if got is None else 2] += 1
    print("| texts | right | not detected (-> locale, English) | wrong |")
    print("|---|---|---|---|")
    for group, (right, none, wrong) in groups.items():
        total = right + none + wrong
        print(f"| {group}: {total} | {right} | {none} | {wrong} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    args = parser.parse_args(argv)
    if (args.shared / "dev-kb" / "releases").is_dir():
        dev_share(args.shared)
    detector_table(args.shared)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
