# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: setup run demo test eval calibrate bench clean

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

demo: setup
	$(BIN)/kg ingest samples/articles

run: demo
	$(BIN)/kg serve --host $(HOST) --port $(PORT)

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Score the extractor on the visible gold sets, tune and check halves (docs/quality.md has the
# latest table), then the corpus proxies over all State Department releases.
SHARED := ../shared
eval: setup
	@if [ -f $(SHARED)/eval/score.py ]; then \
	  $(BIN)/python tools/eval_sets.py --shared $(SHARED) && \
	  $(BIN)/python tools/corpus_proxies.py --corpus $(SHARED)/corpus/statedept/statedept_releases.jsonl; \
	else \
	  echo "make eval: $(SHARED)/eval is absent (the gold sets live beside the checkout); nothing to score"; \
	fi

# Refit the extractor's confidence model (kg/data/confidence.json) on the visible real sets.
calibrate: setup
	@if [ -f $(SHARED)/eval/score.py ]; then \
	  $(BIN)/python tools/calibrate.py --shared $(SHARED) --write; \
	else \
	  echo "make calibrate: $(SHARED)/eval is absent; nothing to fit"; \
	fi

# Scale benchmark, not a test (docs/performance.md keeps the latest table):
# generated corpora of 1k, 5k and 10k articles; `make bench BENCH_SIZES=100,300` for a quick look.
BENCH_SIZES ?= 1000,5000,10000
bench: setup
	$(BIN)/python tools/bench_scale.py --sizes $(BENCH_SIZES)

clean:
	rm -rf $(VENV) node_modules kg-data
