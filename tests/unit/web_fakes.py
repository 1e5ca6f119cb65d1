"""A stand-in SearchService for rendering the web page without OpenSearch."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from fastapi import FastAPI

from app.errors import InvalidParameter, NotFound
from app.models import (
    DocumentDetail,
    FacetBucket,
    Facets,
    Hit,
    OutlineSection,
    PassageRef,
    PassageResponse,
    SearchParams,
    SearchResponse,
)
from app.web import mount_static
from app.web import router as web_router
from core.settings import Settings

MINISTRIES = {"mext": ("문부과학성", ["文部科学省", "MEXT"]), "meti": ("경제산업성", ["経済産業省", "METI"])}
PLANS = {"stbp6": ("제6기 과학기술·이노베이션 기본계획", ["第6期科学技術・イノベーション基本計画"])}


class FakeLabels:
    def label(self, facet: str, value: str) -> tuple[str, list[str]]:
        table = {"ministry": MINISTRIES, "plan_period": PLANS}.get(facet, {})
        return table.get(value, (value, []))

    def known(self, facet: str, value: str) -> bool:
        return facet not in ("ministry", "plan_period") or value in self.label_table(facet)

    def label_table(self, facet: str) -> dict:
        return {"ministry": MINISTRIES, "plan_period": PLANS}[facet]


def _hit(i: int, ministries: list[str], text: str, lang: str = "ko") -> Hit:
    return Hit(id=f"d1-{i:04d}", doc_id="d1", doc_title="일본 딥테크・스타트업 에코시스템의 현상과 과제",
               section="1 개요 › 가. 배경", text=text,
               highlights=[html.escape(text).replace("문부과학성", "<mark>문부과학성</mark>")],
               score=1.0 / (i + 1), ministries=ministries, plan_periods=["stbp6"], years=[2023], topics=[],
               lang=lang)


@dataclass
class FakeService:
    settings: Settings = field(default_factory=Settings)
    labels: FakeLabels = field(default_factory=FakeLabels)
    calls: list[SearchParams] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=lambda: [
        _hit(i, ["mext"] if i % 2 == 0 else ["meti"], f"=문부과학성 {i}번째 <b>굵게</b>")
        for i in range(250)])

    def file_urls(self, doc_ids: list[str], media_type: str = "") -> dict[str, str]:
        return {d: f"/v1/documents/{d}/file" for d in doc_ids}

    def search(self, params: SearchParams) -> SearchResponse:
        self.calls.append(params)
        if params.size > 100:
            raise InvalidParameter("size must be between 1 and 100.", [{"param": "size"}])
        hits = [h for h in self.hits if not params.ministry or set(h.ministries) & set(params.ministry)]
        if params.q == "없는말":
            hits = []
        start = params.from_
        if params.cursor:
            start = int(params.cursor)
        page = hits[start:start + params.size]
        nxt = str(start + params.size) if len(page) == params.size and not params.collapse else None
        buckets = [FacetBucket(value=v, label=lab, aliases=al, count=sum(v in h.ministries for h in hits))
                   for v, (lab, al) in MINISTRIES.items()]
        plan, plan_aliases = PLANS["stbp6"]
        facets = Facets(ministry=buckets,
                        plan_period=[FacetBucket(value="stbp6", label=plan, aliases=plan_aliases,
                                                 count=len(hits))],
                        doc=[FacetBucket(value="d1", label="일본 딥테크", aliases=[], count=len(hits))],
                        year=[FacetBucket(value="2023", label="2023", aliases=[], count=len(hits))],
                        topic=[], org=[], lang=[])
        return SearchResponse(query=params.model_dump(), total=len(hits), took_ms=3,
                              relaxed=any(h.missing for h in page),
                              next_cursor=nxt, hits=page, facets=facets,
                              suggestions=["문부과학성"] if not hits else [])

    def passage(self, passage_id: str) -> PassageResponse:
        if passage_id != "d1-0001":
            raise NotFound(f"No passage with id {passage_id!r}.")
        return PassageResponse(
            id="d1-0001", doc_id="d1", doc_title="일본 딥테크", section="1 개요 › 가. 배경",
            breadcrumb=["1 개요", "가. 배경"], text="<script>alert(1)</script> 본문\n둘째 줄",
            page=3, lang="ko",
            ministries=["mext"], plan_periods=["stbp6"], years=[2023], topics=[],
            previous=PassageRef(id="d1-0000", section="1 개요", text="앞 구절"),
            next=PassageRef(id="d1-0002", section="1 개요", text="다음 구절"))

    def document(self, doc_id: str) -> DocumentDetail:
        child = OutlineSection(title="가. 배경", level=2, passage_ids=["d1-0001"], children=[])
        return DocumentDetail(
            doc_id="d1", source="x.txt", title="일본 딥테크", lang="ko", org=None, published=None,
            passage_count=3,
            ministries=[], plan_periods=[], years=[], topics=[], citations=[], aliases=[],
            outline=[OutlineSection(title="1 개요", level=1, passage_ids=["d1-0000"], children=[child]),
                     OutlineSection(title="2 결론", level=1, passage_ids=["d1-0002"], children=[])])


def fake_app(service: FakeService | None = None) -> FastAPI:
    app = FastAPI()
    app.include_router(web_router)
    mount_static(app)
    app.state.service = service or FakeService()
    return app
