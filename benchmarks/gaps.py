"""``iom-bot gaps`` grouping at scale: seconds per number of distinct questions.

    python -m benchmarks.gaps                      # 1k, 8k, 32k, 100k distinct questions
    python -m benchmarks.gaps --sizes 1000 8000 --exhaustive

Questions are generated the way people type them to the bot: Spanish and English, a
question word, a topic or two, often a place, with typos, dropped or added words and
reordered phrases (``realistic_questions``). ``--exhaustive`` also times the previous
algorithm (every distinct question against every group, ``exhaustive_group_questions``)
and reports how many questions land in the same group both ways. It measures; it asserts
nothing.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Sequence

from rapidfuzz import fuzz

from bot.gaps.grouping import SIMILARITY, Group, collect, group_questions

STARTERS = [
    "cuantos",
    "cuántas",
    "dónde",
    "dónde puedo",
    "cómo",
    "cómo puedo",
    "qué",
    "qué es",
    "quién",
    "cuándo",
    "cuál es",
    "hay",
    "me pueden decir",
    "necesito saber",
    "cuánto cuesta",
    "how many",
    "where can i",
    "what is",
    "who",
    "when",
    "how do i",
    "is there",
    "can i",
    "what does iom say about",
    "tell me about",
    "information on",
]
TOPICS = [
    "migrantes",
    "refugiados",
    "albergues",
    "visas",
    "permiso de trabajo",
    "asilo",
    "salud",
    "escuela",
    "niños no acompañados",
    "retorno voluntario",
    "trata de personas",
    "secuestro",
    "frontera sur",
    "deportaciones",
    "remesas",
    "caravana",
    "tarjeta de visitante",
    "curp",
    "empleo",
    "vivienda",
    "comida",
    "abogado",
    "consulado",
    "pasaporte",
    "reunificación familiar",
    "shelters",
    "work permit",
    "asylum",
    "health care",
    "school",
    "unaccompanied children",
    "voluntary return",
    "human trafficking",
    "kidnapping",
    "southern border",
    "deportations",
    "remittances",
    "caravan",
    "visitor card",
    "jobs",
    "housing",
    "food",
    "lawyer",
    "passport",
    "family reunification",
    "funding",
    "donors",
    "statistics",
    "budget",
    "training",
    "officials",
    "programa paisano",
    "grupos beta",
    "semana nacional de migración",
    "derechos humanos",
    "violencia de género",
    "mujeres migrantes",
    "personas lgbti",
    "cambio climático",
    "desastres",
    "covid",
    "vacunas",
    "documentos",
    "regularización",
    "detención",
    "estaciones",
]
PLACES = [
    "tapachula",
    "tijuana",
    "ciudad juárez",
    "veracruz",
    "chiapas",
    "oaxaca",
    "monterrey",
    "ciudad de méxico",
    "mexico city",
    "tabasco",
    "sonora",
    "guatemala",
    "honduras",
    "el salvador",
    "nogales",
    "reynosa",
    "matamoros",
    "mexicali",
    "puebla",
    "guadalajara",
]
FILLERS = ["por favor", "please", "oim", "iom", "en méxico", "in mexico", "ahora", "este año"]
YEARS = [str(y) for y in range(2008, 2026)]


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1 :]  # dropped letter
    if kind == 1:
        return word[:i] + word[i] + word[i:]  # doubled letter
    if kind == 2:
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]  # swapped letters
    return word[:i] + rng.choice("aeiosnrl") + word[i + 1 :]  # wrong letter


def base_question(rng: random.Random) -> list[str]:
    words = rng.choice(STARTERS).split()
    for _ in range(rng.choice([1, 1, 2, 2, 3])):
        words += rng.choice(TOPICS).split()
    if rng.random() < 0.6:
        words += [rng.choice(["en", "in", "de"])] + rng.choice(PLACES).split()
    if rng.random() < 0.25:
        words.append(rng.choice(YEARS))
    return words


def variant(words: list[str], rng: random.Random) -> list[str]:
    out = list(words)
    for _ in range(rng.choice([1, 1, 1, 2])):
        kind = rng.randrange(5)
        if kind <= 1 and out:
            j = rng.randrange(len(out))
            out[j] = typo(out[j], rng)
        elif kind == 2 and len(out) > 3:
            del out[rng.randrange(len(out))]
        elif kind == 3:
            out.insert(rng.randrange(len(out) + 1), rng.choice(FILLERS))
        elif len(out) > 2:
            j = rng.randrange(len(out) - 1)
            out[j], out[j + 1] = out[j + 1], out[j]
    return out


def realistic_questions(distinct: int, seed: int = 7) -> list[tuple[str, float, str]]:
    """Rows (text, asked_at, channel type) with ``distinct`` distinct normalised questions;
    popular questions asked many times, most variants once."""
    rng = random.Random(seed)
    rows: list[tuple[str, float, str]] = []
    keys: set[str] = set()
    from bot.gaps.grouping import normalise

    while len(keys) < distinct:
        base = base_question(rng)
        asks = 1 + int(rng.paretovariate(1.5))
        for n in range(rng.choice([1, 2, 3, 4, 6])):
            words = base if n == 0 else variant(base, rng)
            text = " ".join(words)
            if rng.random() < 0.3:
                text = "¿" + text.capitalize() + "?"
            keys.add(normalise(text))
            for _ in range(asks if n == 0 else 1):
                when = 1_700_000_000.0 + rng.random() * 90 * 86400
                rows.append((text, when, rng.choice(["im", "channel", "mpim", "private"])))
            if len(keys) >= distinct:
                break
    return rows


def exhaustive_group_questions(rows: Sequence[tuple[str, float, str]]) -> list[Group]:
    """The previous algorithm: each distinct question against every group so far."""
    by_key = collect(rows)
    groups: list[Group] = []
    for key in sorted(by_key, key=lambda k: (-by_key[k].count, k)):
        target = next(
            (g for g in groups if key and fuzz.token_set_ratio(key, g.key) >= SIMILARITY), None
        )
        if target is None:
            target = Group(key)
            groups.append(target)
        target.absorb(by_key[key])
    return sorted(groups, key=lambda g: (-g.count, -g.last_asked))


def partition(groups: Sequence[Group]) -> dict[str, str]:
    """Each distinct question (normalised) → the key of the group it landed in."""
    from bot.gaps.grouping import normalise

    return {normalise(text): g.key for g in groups for text in g.texts}


def agreement(a: Sequence[Group], b: Sequence[Group]) -> float:
    pa, pb = partition(a), partition(b)
    return sum(pa[k] == pb.get(k) for k in pa) / max(1, len(pa))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 8000, 32000, 100000])
    parser.add_argument(
        "--exhaustive", action="store_true", help="also time the previous algorithm (slow)"
    )
    args = parser.parse_args(argv)
    print(f"{'distinct':>9} {'rows':>8} {'groups':>8} {'seconds':>8}", end="")
    print(f" {'previous s':>11} {'same group':>10}" if args.exhaustive else "")
    for size in args.sizes:
        rows = realistic_questions(size)
        started = time.perf_counter()
        groups = group_questions(rows)
        seconds = time.perf_counter() - started
        line = f"{size:>9} {len(rows):>8} {len(groups):>8} {seconds:>8.2f}"
        if args.exhaustive:
            started = time.perf_counter()
            old = exhaustive_group_questions(rows)
            line += f" {time.perf_counter() - started:>11.2f} {agreement(groups, old):>10.4f}"
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
