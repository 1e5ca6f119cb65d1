"""Facet labels and the allowed values of each facet, from the authority files.

Ministries come from the analyzer glossary, plan periods and topics from
ingest/data, document titles from the documents index (refreshed as it changes).
Korean label first; Japanese and English forms as aliases.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from analyzers import GlossaryEntry, load_glossary
from ingest.tables import load_plans, load_topics

MINISTRY_KINDS = frozenset({"ministry", "agency", "council"})
LANG_LABELS = {
    "ko": ("한국어", ["Korean", "韓国語"]),
    "ja": ("일본어", ["Japanese", "日本語"]),
    "en": ("영어", ["English"]),
    "other": ("기타", ["Other"]),
}


def _aliases(*forms: str | None) -> list[str]:
    out: list[str] = []
    for f in forms:
        if f and f not in out:
            out.append(f)
    return out


@dataclass
class Labels:
    static: dict[str, dict[str, tuple[str, list[str]]]]
    load_docs: Callable[[], dict[str, str]] = lambda: {}
    ttl_s: float = 30.0
    _docs: dict[str, str] = field(default_factory=dict)
    _loaded_at: float = -1e9

    def _doc_titles(self, force: bool = False) -> dict[str, str]:
        if force or time.monotonic() - self._loaded_at > self.ttl_s:
            try:
                self._docs = self.load_docs()
                self._loaded_at = time.monotonic()
            except Exception:  # labels are cosmetic: a failed refresh keeps the previous titles
                pass
        return self._docs

    def label(self, facet: str, value: str) -> tuple[str, list[str]]:
        if facet == "doc":
            return self._doc_titles().get(value, value), []
        if facet == "year":
            return value, []
        return self.static.get(facet, {}).get(value, (value, []))

    def known(self, facet: str, value: str) -> bool:
        if facet == "doc":
            return value in self._doc_titles() or value in self._doc_titles(force=True)
        if facet == "org":
            return True  # institutions are free text in the sidecars; an unknown one simply matches nothing
        return value in self.static.get(facet, {})

    def values(self, facet: str) -> list[str]:
        if facet == "doc":
            return sorted(self._doc_titles())
        return sorted(self.static.get(facet, {}))


COUNTRY_LABELS = {"jp": "일본", "kr": "한국"}


def _names(entries: list[GlossaryEntry]) -> dict[str, str]:
    """Each entry's label: its Korean name, with the country where two bodies share it
    (기상청 (일본) / 기상청 (한국))."""
    first = [e.ko or e.ja or e.en for e in entries]
    shared = {name for name, n in Counter(first).items() if n > 1}
    return {
        e.id: f"{name} ({COUNTRY_LABELS.get(e.country, e.country)})" if name in shared else name
        for e, name in zip(entries, first, strict=True)
    }


def static_labels() -> dict[str, dict[str, tuple[str, list[str]]]]:
    glossary = load_glossary()
    bodies = [e for e in glossary.entries if e.kind in MINISTRY_KINDS]
    body_names = _names(bodies)
    ministries = {e.id: (body_names[e.id], _aliases(e.ja, e.en, *e.variants)) for e in bodies}
    org_names = _names(glossary.entries)
    orgs = {e.id: (org_names[e.id], _aliases(e.ja, e.en)) for e in glossary.entries}
    plans = {p.id: (p.ko, _aliases(p.ja, p.en)) for p in load_plans()}
    topics = {t.id: (t.ko, _aliases(t.ja, t.en)) for t in load_topics()}
    return {"ministry": ministries, "plan_period": plans, "topic": topics, "org": orgs, "lang": LANG_LABELS}


def build_labels(load_docs: Callable[[], dict[str, str]]) -> Labels:
    return Labels(static=static_labels(), load_docs=load_docs)


def doc_titles_from(hits: Iterable[dict]) -> dict[str, str]:
    return {h["_source"]["doc_id"]: h["_source"].get("title") or h["_source"]["doc_id"] for h in hits}
