"""Hand-written commentary on the evaluation, rendered into docs/evaluation.md.

Keep it qualitative: the tables above it are regenerated on every run, this text is not.
"""

EVAL_NOTES = """
**Reading the tables.** The `dev` set (17 queries) is the shared judged set; the `kjsearch` set (69
queries) was written for this evaluation from the seeds and the white paper, with keys checked to occur
in our repaired passages (each key matches 1–300 passages). Neither set was tuned against the engine.

**Where we win and why.**

- *morph*: the standard analyzer indexes `부족하다`, `양산하는`, `제정했다` as whole eojeol tokens, so an
  inflected query never meets the lemma in the text; cjk bigrams and nori recover most of it (bigrams
  of the stem, nori's POS split) but rank worse than our Kiwi lemmas + compound parts.
- *cross*: only we bridge scripts (kanji→Hangul readings, katakana→Hangul, glossary and mined
  `한글(原語)` aliases). No baseline can match `경제산업성` to `経済産業省` or `키옥시아` to `キオクシア`
  except where both spellings happen to sit in the same passage, which is why the baselines' cross
  figures are near zero.
- *ko* / *ja* keyword queries: all analyzers do well on the short, distinctive keywords; nori/kuromoji and
  cjk are within a few points of us here — a fair baseline, not a strawman.

**Where a baseline beats us (see the per-kind lists above).**

- *ko*, nDCG@10 only (dev set): our first relevant hit is at rank 1 as often as cjk's, but cjk bigrams
  fill more of the remaining top-10 slots with passages containing the key phrase, while our ranking
  mixes in passages that match the query words separately. A small, ranking-only difference.

- *para* (paraphrases): no plain word is required any more (a passage must hold one query word; more
  words, rarer words and words close together rank higher), so a paraphrase whose words are only partly in
  the relevant passage still finds it; what remains lost are paraphrases that share no word with it
  (`노인 돌봄 로봇` for 스마트로봇 in elder care), which only semantic retrieval can bridge.
- *cross, Japanese → Korean* (`文部科学省`, `内閣府`, `経済産業省`, `スマートシティ` → Korean passages):
  we *do* match the Korean spellings, but the 711 white-paper passages that contain the query literally
  outrank them (an exact same-script match scores higher than a reading-bridge match), so the top 10 is
  all Japanese and the judged Korean passages fall below rank 10. No baseline finds them either. Fixing
  this needs per-language result diversification or a script-balanced boost — a product decision.
- *cross, Korean → Japanese without a known alias* (`마이넘버 카드` → `マイナンバーカード`): a
  loan-word transcription that is neither in the glossary nor mined from the corpus; the katakana→Hangul
  bridge produces `마이난바` rather than `마이넘버`, so nothing matches.

**Third-party question sets.** On KorQuAD and JSQuAD nothing comes back empty (the old engine required
two thirds of a Japanese question's words and answered 72 of 600 JSQuAD questions with nothing), and
we lead every baseline on MRR@10, by about +0.015 (Korean) and +0.006 (Japanese) — short of the +0.03 the
issue asks. What is left are choices between paragraphs of the same article: a question names the article's
subject (ポルトガル, 김영삼) and one attribute (首都, 출생일), and the answering paragraph often says the
attribute in other words (リスボン, 태어났다) or not at all, so the paragraph that repeats the subject wins.
The baselines lose those too; they win some because their passages carry the title in their text, where
BM25's length normalization favours short paragraphs. Latency is the API's end to end (uvicorn, query
analysis, highlights from stored offsets) against a bare OpenSearch call for the baselines: 4–10× theirs.

**One library.** With every document in one index, the Korean questions meet the Japanese encyclopedia,
the reports and the real files, and the Japanese ones the reverse. Our figures hardly move (the query's
script and readings keep the other language's passages below the answer), the baselines' drop a little, so
the lead grows on Korean and stays on Japanese. On this real, varied text our index is about 2.2× nori's
per passage, more than the 1.5× measured on the replicated 1M-passage index of `make bench`: there every
term recurs a thousand times, which flatters a larger term dictionary (readings, aliases, compound parts).

**Caveats.** Binary, key-phrase relevance rewards any passage that contains the key, so broad keys
(`令和4年`, `総務省`) make some queries easy for every engine. The regression test
(`tests/integration/test_relevance.py`) pins our figures on both sets within 0.01.
"""
