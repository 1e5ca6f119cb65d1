"""The bilingual name glossary (ministries, agencies, companies, programs ...) and the alias index.

``data/glossary.tsv`` columns: id, kind, country, ko, ja, en, variants (``|``-separated spellings in
any script). The ingest package uses the ministry / agency / council entries as the ministry facet
authority, so keep ids stable.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from analyzers.terms import key

GLOSSARY_PATH = Path(__file__).parent / "data" / "glossary.tsv"
KINDS = frozenset({"ministry", "agency", "council", "company", "program", "place", "org", "other"})
COUNTRIES = frozenset({"jp", "kr", "intl"})
COLUMNS = ("id", "kind", "country", "ko", "ja", "en", "variants")


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    id: str
    kind: str
    country: str
    ko: str
    ja: str
    en: str
    variants: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        """Every spelling of the entry, in column order, without empties or duplicates."""
        seen: dict[str, None] = {}
        for form in (self.ko, self.ja, self.en, *self.variants):
            if form and form.strip():
                seen.setdefault(form.strip(), None)
        return tuple(seen)


@dataclass
class Glossary:
    entries: list[GlossaryEntry] = field(default_factory=list)
    _by_key: dict[str, GlossaryEntry] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for entry in self.entries:
            for form in entry.forms:
                # first entry wins: an acronym shared by two bodies (MOF, MOD) maps to the one listed first
                self._by_key.setdefault(key(form), entry)

    def lookup(self, term: str) -> GlossaryEntry | None:
        """The entry one of whose forms equals ``term`` after NFKC, casefold, space and dot removal."""
        return self._by_key.get(key(term))

    def __len__(self) -> int:
        return len(self.entries)


def exonym_groups() -> list[tuple[str, ...]]:
    """Each country or territory as Korean, Japanese and English name it (オランダ / 네덜란드 / Netherlands),
    from the Unicode CLDR through Babel: the one maintained source of exonyms in both languages, which
    differ as often as not (ドミニカ国 / 도미니카, 北朝鮮 / 북한)."""
    from babel import Locale

    names = [Locale(lang).territories for lang in ("ko", "ja", "en")]
    # letter codes are countries and territories; digit codes are regions (001 World, 150 Europe)
    codes = [code for code in names[0] if isinstance(code, str) and code.isalpha()]
    return [tuple(n[code] for n in names if code in n) for code in codes]


def load_glossary(path: Path | None = None) -> Glossary:
    """Read a glossary TSV (the packaged one by default). Lines starting with ``#`` are comments."""
    path = path or GLOSSARY_PATH
    entries: list[GlossaryEntry] = []
    with path.open(encoding="utf-8", newline="") as fh:
        rows = (line for line in fh if line.strip() and not line.startswith("#"))
        reader = csv.reader(rows, delimiter="\t", quoting=csv.QUOTE_NONE)
        for row in reader:
            if row[:2] == ["id", "kind"]:
                continue
            row = [cell.strip() for cell in row] + [""] * (len(COLUMNS) - len(row))
            ident, kind, country, ko, ja, en, variants = row[: len(COLUMNS)]
            if kind not in KINDS or country not in COUNTRIES:
                raise ValueError(f"{path}: bad kind/country in row {ident!r}: {kind!r} {country!r}")
            extra = tuple(v.strip() for v in variants.split("|") if v.strip())
            entries.append(GlossaryEntry(ident, kind, country, ko, ja, en, extra))
    return Glossary(entries)


_states = itertools.count(1)


_NO_ALIASES: frozenset[str] = frozenset()


MAX_MINED_GROUP = 12  # spellings a name may reach through mined pairs (glossary groups can be larger)


class AliasIndex:
    """Alias groups by lookup key: every spelling of a name maps to all the others."""

    MAX_KEY = 100  # long English names are spelled out word by word in queries

    def __init__(self) -> None:
        self._groups: dict[str, frozenset[str]] = {}
        self._proper_prefixes: set[str] = set()  # prefixes shorter than some key: worth extending
        # changes whenever the index does, and differs between indexes: callers key memos on it
        self.state = next(_states)

    def add_group(self, forms: Iterable[str]) -> None:
        keys = {k for k in (key(f) for f in forms) if k and len(k) <= self.MAX_KEY}
        if len(keys) < 2:
            return
        merged = set(keys)
        for k in keys:  # a mined pair that touches a glossary name joins that name's group
            merged |= self._groups.get(k, frozenset())
        group = frozenset(merged)
        self.state = next(_states)
        for k in group:
            self._groups[k] = group
            for i in range(1, len(k)):
                self._proper_prefixes.add(k[:i])

    def add_pair(self, a: str, b: str) -> bool:
        """A mined pair (a Korean spelling and the original in brackets after it) as one name: it may
        bring a new spelling into a group, but never join two groups (two glossary entries, or two
        mined names that share a word), and a group that mining has grown to MAX_MINED_GROUP
        spellings takes no more. Mined text is noisy; one wrong pair must not make an unrelated
        name, or a common word, a spelling of every name it touches. True when the pair was added."""
        ka, kb = key(a), key(b)
        if not ka or not kb or ka == kb or len(ka) > self.MAX_KEY or len(kb) > self.MAX_KEY:
            return False
        ga, gb = self._groups.get(ka), self._groups.get(kb)
        if ga is not None and gb is not None:
            return False  # both known: already one group, or two that stay apart
        known = ga if ga is not None else gb
        if known is not None and len(known) >= MAX_MINED_GROUP:
            return False
        self.add_group([a, b])
        return True

    def add_exonyms(self) -> None:
        """Country names from CLDR (``exonym_groups``), each joined to the glossary's group of that
        country where there is one; a name the glossary gives to something else stays with it."""
        for group in exonym_groups():
            owners = {id(self._groups[k]) for k in (key(f) for f in group) if k in self._groups}
            if len(owners) <= 1:
                self.add_group(group)

    def add_glossary(self, glossary: Glossary) -> None:
        # A spelling two entries share (기상청: Japan's agency and Korea's) stays with the entry listed
        # first, as in Glossary.lookup; otherwise 気象庁 would become an alias of 韓国気象庁, JPO of KIPO.
        owner: dict[str, str] = {}
        for entry in glossary.entries:
            self.add_group([f for f in entry.forms if owner.setdefault(key(f), entry.id) == entry.id])

    def match(self, lookup_key: str) -> tuple[frozenset[str], bool]:
        """(all spellings in the group of ``lookup_key``, itself included, or an empty set; whether some
        longer key starts with ``lookup_key``). One call per name unit of every new word."""
        return self._groups.get(lookup_key, _NO_ALIASES), lookup_key in self._proper_prefixes

    def __len__(self) -> int:
        return len(self._groups)
