"""Language of a document or passage from script ratios: ko, ja, en or other.

Korean reports about Japan quote Japanese titles and kanji names, and Japanese text
has no Hangul at all, so: Hangul that outweighs kana means Korean; kana means
Japanese; kanji alone (no Hangul, no kana) is Japanese inside our Japanese and Korean
documents (on its own it may as well be Chinese); mostly Latin letters means English.
"""

from __future__ import annotations

import re

# Runs, not characters: findall then builds one string per run instead of one per character.
_HANGUL_RE = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+")
_KANA_RE = re.compile(r"[\u3041-\u309f\u30a0-\u30ff\uff66-\uff9d]+")
_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN_RE = re.compile(r"[A-Za-z]+")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")

LANGS = ("ko", "ja", "en", "other")


def script_counts(text: str) -> dict[str, int]:
    """Characters per script; counted with C-speed regex scans (a 10 MB line must stay cheap)."""
    return {
        "hangul": sum(map(len, _HANGUL_RE.findall(text))),
        "kana": sum(map(len, _KANA_RE.findall(text))),
        "han": sum(map(len, _HAN_RE.findall(text))),
        "latin": sum(map(len, _LATIN_RE.findall(text))),
    }


def detect_lang(text: str, default: str | None = None) -> str:
    """ko / ja / en / other; ``default`` (the document's language) settles kanji-only text."""
    if "http" in text or "www." in text or "@" in text:
        text = _URL_RE.sub(" ", text)  # a footnote of URLs is not English
    c = script_counts(text)
    letters = sum(c.values())
    if letters == 0:
        return default or "other"
    if c["hangul"] and c["hangul"] >= c["kana"] and c["hangul"] / letters >= 0.15:
        return "ko"
    if c["kana"] and c["kana"] > c["hangul"]:
        return "ja"
    if c["han"] / letters >= 0.3 and not c["hangul"] and not c["kana"]:
        # Reports about Japan quote Japanese names in kanji; a Korean text is never all hanja.
        return "ja" if default in ("ja", "ko") else "other"
    if c["latin"] / letters >= 0.5:
        return "en"
    if c["hangul"]:
        return "ko"
    return default or "other"
