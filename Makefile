# Thin wrappers; the logic lives in the Python packages.
SHELL := /bin/bash
PY := .venv/bin/python
VENV_STAMP := .venv/.installed

.PHONY: setup run test test-unit lint clean bench eval fuzz load screenshots node-stop browser ocr

setup: $(VENV_STAMP) .cache/distribution.stamp

$(VENV_STAMP): pyproject.toml
	python3 -m venv .venv
	.venv/bin/pip install -q --upgrade pip
	.venv/bin/pip install -q -e '.[dev]'
	touch $@

# Fetches (Maven Central) and unpacks the pinned OpenSearch once; later runs download nothing.
.cache/distribution.stamp: $(VENV_STAMP)
	$(PY) -m node fetch
	@mkdir -p $(@D)  # the stamp stays here even when KJSEARCH_CACHE_DIR puts the downloads elsewhere
	touch $@

browser:
	@command -v chromium >/dev/null && fc-list :lang=ko 2>/dev/null | grep -q . || { [ "$$(id -u)" = 0 ] && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) || echo "chromium missing: browser tests will be skipped"; }

# Tesseract's Korean and Japanese data for `python -m ingest --ocr` (scanned PDF pages); PyMuPDF
# has Tesseract built in and reads the data where Debian's tesseract-ocr puts it.
ocr:
	@command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx kor && tesseract --list-langs 2>/dev/null | grep -qx jpn || { [ "$$(id -u)" = 0 ] && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-kor tesseract-ocr-jpn >/dev/null) || echo "tesseract (kor, jpn) missing: OCR tests will be skipped; as root: apt-get install tesseract-ocr tesseract-ocr-kor tesseract-ocr-jpn"; }

run: setup
	$(PY) -m app.run

test: setup browser ocr
	$(PY) -m pytest -q -p no:cacheprovider

test-unit: setup
	$(PY) -m pytest -q tests/unit

lint: setup
	.venv/bin/ruff check .
	.venv/bin/mypy app analyzers core ingest node

node-stop:
	$(PY) -m node stop

clean:
	-$(PY) -m node stop
	rm -rf .cache .venv .pytest_cache .mypy_cache .ruff_cache .hypothesis *.egg-info

# docs/screenshots/*.png of the web page, taken with the browser tests' chromium (starts the node and
# ingests the seeds when needed). A CJK font is installed when missing so Korean and Japanese render.
screenshots: setup browser
	@{ command -v fc-list >/dev/null && fc-list :lang=ko | grep -q .; } || { [ "$$(id -u)" = 0 ] && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null) || echo "no Korean font found: screenshots will show boxes"; }
	$(PY) -m tests.browser.screenshots

# Relevance evaluation vs OpenSearch baselines (standard, cjk, nori+kuromoji): docs/evaluation.md.
eval: setup
	$(PY) -m bench.eval

# Performance benchmarks (slow; not part of make test): docs/benchmarks.md. Sizes: see --help.
bench: setup
	$(PY) -m bench.perf

# Schemathesis over every API operation with many examples (make test runs 25 per operation).
fuzz: setup
	KJSEARCH_FUZZ_EXAMPLES=$${KJSEARCH_FUZZ_EXAMPLES:-500} $(PY) -m pytest -q -p no:cacheprovider tests/integration/test_fuzz_api.py

# Load test: starts the node and ingests the seeds when needed, serves the API with uvicorn on a free
# port, runs 32 clients for 60 s (python -m bench.load --help), stops uvicorn; writes docs/load.md.
load: setup
	$(PY) -m bench.load --serve
