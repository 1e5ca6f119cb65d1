"""A document's card as a citation: RIS (rispy), BibTeX (bibtexparser) and CSL-JSON.

The publisher is the corporate author (a report names its institute, rarely a person we can trust);
the title carries the subtitle after a colon, as reference managers expect.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

import bibtexparser
import rispy
from bibtexparser.model import Entry, Field
from rispy.writer import RisWriter

from app.models import DocumentSummary

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


@dataclass(frozen=True)
class Format:
    media_type: str
    extension: str
    write: Callable[[DocumentSummary, str, str], str]


def date_parts(published: str | None) -> list[int]:
    """[year], [year, month] or [year, month, day] of an ISO date, as written."""
    m = _DATE.match(published or "")
    return [int(p) for p in m.groups() if p] if m else []


def one_line(text: str) -> str:
    """RIS is one tag per line: any run of white space (line breaks too) becomes one space."""
    return " ".join(text.split())


def full_title(doc: DocumentSummary) -> str:
    title = one_line(doc.title) or one_line(doc.source) or doc.doc_id
    subtitle = one_line(doc.subtitle or "")
    return f"{title}: {subtitle}" if subtitle and subtitle not in title else title


class PlainRisWriter(RisWriter):
    """RIS without rispy's "1." line before each record, which the RIS format does not have."""

    def set_header(self, count: int) -> str:
        return ""


def ris(doc: DocumentSummary, url: str, accessed: str) -> str:
    parts = date_parts(doc.published)
    entry: dict[str, object] = {"type_of_reference": "RPRT", "id": doc.doc_id, "title": full_title(doc)}
    if org := one_line(doc.org or ""):
        entry["authors"] = [org]
        entry["publisher"] = org
    if parts:
        entry["year"] = str(parts[0])
        entry["date"] = "/".join([f"{p:02d}" for p in parts] + [""] * (3 - len(parts))) + "/"
    if doc.page_count:
        entry["start_page"] = str(doc.page_count)  # SP: a report's "Pages", its page count
    if doc.lang:
        entry["language"] = doc.lang
    entry["urls"] = [url]
    entry["access_date"] = accessed
    return rispy.dumps([entry], implementation=PlainRisWriter)


_TEX_SPECIAL = re.compile(r"([\\{}&%$#_~^])")
_TEX_ESCAPES = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def tex(text: str) -> str:
    """Text as a BibTeX value: LaTeX's special characters escaped (so braces always balance)."""
    return _TEX_SPECIAL.sub(lambda m: _TEX_ESCAPES.get(m.group(1), "\\" + m.group(1)), text)


def bibtex_key(doc: DocumentSummary) -> str:
    year = date_parts(doc.published)[:1]
    return f"kjsearch{year[0] if year else ''}_{doc.doc_id}"


def bibtex(doc: DocumentSummary, url: str, accessed: str) -> str:
    parts = date_parts(doc.published)
    fields = [Field("title", tex(full_title(doc)))]
    if doc.org:
        # double braces: a corporate name, never split into first and last names
        fields += [Field("author", "{" + tex(doc.org) + "}"), Field("institution", tex(doc.org))]
    if parts:
        fields += [Field("year", str(parts[0])), Field("date", "-".join(f"{p:02d}" for p in parts))]
    if len(parts) > 1:
        fields.append(Field("month", str(parts[1])))
    if doc.page_count:
        fields.append(Field("pagetotal", str(doc.page_count)))
    if doc.lang:
        fields.append(Field("langid", doc.lang))
    fields += [Field("url", url), Field("urldate", accessed)]
    library = bibtexparser.Library()
    library.add(Entry("techreport", bibtex_key(doc), fields))
    return bibtexparser.write_string(library)


def csl_item(doc: DocumentSummary, url: str, accessed: str) -> dict:
    item: dict[str, object] = {"id": doc.doc_id, "type": "report", "title": full_title(doc)}
    if doc.org:
        item["author"] = [{"literal": doc.org}]
        item["publisher"] = doc.org
    if parts := date_parts(doc.published):
        item["issued"] = {"date-parts": [parts]}
    if doc.page_count:
        item["number-of-pages"] = doc.page_count
    if doc.lang:
        item["language"] = doc.lang
    item["URL"] = url
    item["accessed"] = {"date-parts": [date_parts(accessed)]}
    return item


def csl_json(doc: DocumentSummary, url: str, accessed: str) -> str:
    return json.dumps([csl_item(doc, url, accessed)], ensure_ascii=False, indent=2)


FORMATS: dict[str, Format] = {
    "ris": Format("application/x-research-info-systems", "ris", ris),
    "bibtex": Format("application/x-bibtex", "bib", bibtex),
    "csl-json": Format("application/vnd.citationstyles.csl+json", "json", csl_json),
}
