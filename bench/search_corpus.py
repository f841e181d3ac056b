"""The synthetic corpus and queries of bench/search.py: sections made from real multilingual paragraphs."""
from __future__ import annotations

import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from index import SectionDoc

REPO = Path(__file__).resolve().parent.parent
WORD = re.compile(r"\w+")
SYLLABLES = ("ra", "to", "len", "mi", "sur", "ka", "do", "vel", "tion", "es", "ung", "ar", "ci", "po")
COUNTRIES = ("FR", "ES", "BR", "IT", "DE", "PT", "BE", "CH", "MA", "DZ", "TN", "AR", "US", "GB", "BY", "UA")
KINDS = ("term", "and", "phrase", "lang", "org")


@dataclass(frozen=True, slots=True)
class Source:
    lang: str
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    langs: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()


def load_sources() -> tuple[list[Source], list[tuple[str, str]], str]:
    """Sections of real statements and signatory names, and where they came from."""
    truth_files = sorted((REPO / "tests" / "fixtures" / "statements").glob("*.json"))
    truth_files += sorted((REPO / "tests" / "fixtures" / "corpus").glob("*.json"))[:1]
    if not truth_files:
        truth_files = [p for p in [Path("/work/shared/corpus/belarus-2020.json")] if p.exists()]
    sources: list[Source] = []
    names: list[tuple[str, str]] = []
    for path in truth_files:
        truth = json.loads(path.read_text(encoding="utf-8"))
        for section in truth.get("sections", []):
            paragraphs = tuple(p for p in re.split(r"\n\s*\n", section["text"]) if len(p.split()) > 5)
            if paragraphs:
                sources.append(Source(section.get("lang") or "en", section.get("title") or "", paragraphs))
        names += [(s["name"], s.get("acronym") or "") for s in truth.get("signatories", []) if s.get("name")]
    if not sources:
        return [_generated_source(random.Random(0))], [("Union syndicale", "US")], "generated text"
    origin = ", ".join(p.name for p in truth_files)
    return sources, sorted(set(names)) or [("Union syndicale", "US")], origin


def _generated_source(rng: random.Random) -> Source:
    words = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(3000)]
    paragraphs = tuple(" ".join(rng.choice(words) for _ in range(rng.randint(40, 120))) for _ in range(50))
    return Source("en", "generated", paragraphs)


class Synthesiser:
    """Sections built from source paragraphs; 20% of the words become long-tail variants."""

    def __init__(self, sources: list[Source], names: list[tuple[str, str]], rng: random.Random) -> None:
        self._rng = rng
        self._sources = sources
        self._names = names
        self._variants: dict[str, list[str]] = {}
        for source in sources:
            pool = self._variants.setdefault(source.lang, [])
            pool += [w for p in source.paragraphs for w in WORD.findall(p) if len(w) > 3]

    def _variant(self, lang: str) -> str:
        pool = self._variants[lang]
        rank = min(int(self._rng.paretovariate(0.8)), 20000)
        base = pool[(rank * 7919) % len(pool)]
        return base if rank < 3 else base + SYLLABLES[rank % len(SYLLABLES)] + str(rank // len(SYLLABLES))

    def _text(self, source: Source) -> str:
        paragraphs = self._rng.sample(source.paragraphs, k=min(len(source.paragraphs), self._rng.randint(1, 3)))
        words = " ".join(paragraphs).split(" ")
        return " ".join(self._variant(source.lang) if self._rng.random() < 0.2 else w for w in words)

    def statements(self, sections: int) -> Iterator[list[SectionDoc]]:
        """Statements of 3-12 sections until `sections` sections were made."""
        made = number = 0
        while made < sections:
            count = min(self._rng.randint(3, 12), sections - made)
            signers = self._rng.sample(self._names, k=min(len(self._names), self._rng.randint(5, 60)))
            date = f"{self._rng.randint(2015, 2025)}-{self._rng.randint(1, 12):02d}-{self._rng.randint(1, 28):02d}"
            countries = tuple(self._rng.sample(COUNTRIES, k=3))
            docs = []
            for position in range(count):
                source = self._rng.choice(self._sources)
                docs.append(SectionDoc(statement_id=f"{number:064x}", position=position, lang=source.lang,
                                       title=source.title, text=self._text(source), date=date,
                                       org_names=tuple(n for n, _ in signers),
                                       acronyms=tuple(a for _, a in signers if a), countries=countries))
            yield docs
            made += count
            number += 1


def write_corpus(path: Path, *, sections: int, seed: int) -> tuple[list[tuple[str, str]], list[str]]:
    """Write synthetic statements as JSON lines; return a sample of (lang, text) and of org names for queries."""
    sources, names, origin = load_sources()
    langs = sorted({s.lang for s in sources})
    print(f"sources: {len(sources)} sections ({', '.join(langs)}), {len(names)} names from {origin}", file=sys.stderr)
    rng = random.Random(seed)
    sample: list[tuple[str, str]] = []
    with path.open("w", encoding="utf-8") as out:
        for statement in Synthesiser(sources, names, rng).statements(sections):
            out.write(json.dumps([asdict(d) for d in statement], ensure_ascii=False) + "\n")
            if rng.random() < 0.05:
                sample.append((statement[0].lang, statement[0].text))
    orgs = sorted({acronym or name for name, acronym in names})
    return sample, orgs


def make_queries(texts: list[tuple[str, str]], orgs: list[str], *, count: int, seed: int) -> dict[str, list[Query]]:
    """`count` queries of each kind drawn from sampled (lang, text) pairs and signatory names."""
    rng = random.Random(seed)
    queries: dict[str, list[Query]] = {kind: [] for kind in KINDS}
    while any(len(q) < count for q in queries.values()):
        lang, text = rng.choice(texts)
        words = WORD.findall(text)
        long_words = [w for w in words if len(w) > 3]
        if len(words) < 4 or len(long_words) < 2:
            continue
        start = rng.randrange(len(words) - 3)
        candidates = {
            "term": Query(rng.choice(long_words)),
            "and": Query(" ".join(rng.sample(long_words, 2))),
            "phrase": Query('"' + " ".join(words[start:start + rng.choice((2, 3))]) + '"'),
            "lang": Query(rng.choice(long_words), langs=(lang,)),
            "org": Query(rng.choice(long_words), orgs=(rng.choice(orgs),)),
        }
        for kind, query in candidates.items():
            if len(queries[kind]) < count:
                queries[kind].append(query)
    return queries


def read_batches(path: Path, *, statements_per_batch: int) -> Iterator[list[SectionDoc]]:
    batch: list[SectionDoc] = []
    with path.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines, start=1):
            batch += [SectionDoc(**{**d, "org_names": tuple(d["org_names"]), "acronyms": tuple(d["acronyms"]),
                                    "countries": tuple(d["countries"])}) for d in json.loads(line)]
            if n % statements_per_batch == 0:
                yield batch
                batch = []
    if batch:
        yield batch
