# `make run`: console on the bundled corpus. `make test`: the whole test suite.
# Another interpreter gets a venv of its own, so the two never clobber each other:
# `make test PYTHON=python3.13` installs into .venv-python3.13 (or set VENV=…).
PYTHON ?= python3
VENV ?= $(if $(filter python3,$(PYTHON)),.venv,.venv-$(notdir $(PYTHON)))
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
QUESTIONS ?= tests/data/heldout.yaml

.PHONY: setup run test lint bench eval eval-external train train-check train-spans venv clean

# A venv without a working pip (a creation that failed half-way, e.g. for lack of
# python3-venv) is removed and made again, so a later `make` never ends in "No module named pip".
venv:
	@$(PY) -m pip --version >/dev/null 2>&1 || { \
	  if [ -e $(VENV) ]; then echo "make: $(VENV) has no working pip; making it again"; fi; \
	  rm -rf $(VENV); \
	  $(PYTHON) -m venv $(VENV) || { \
	    rm -rf $(VENV); \
	    echo "make: cannot create $(VENV) with $(PYTHON); install python3-venv" \
	      "(Debian/Ubuntu: sudo apt install python3-venv) and run make again" >&2; \
	    exit 1; }; }

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory venv PYTHON=$(PYTHON) VENV=$(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# `make setup`: install into the venv and stop (for a server; `make run` does it too).
setup: $(STAMP)

run: $(STAMP)
	$(PY) -m bot console

# The suite runs on every core (pytest-xdist; an idle worker takes tests queued for a busy
# one, so one slow file does not hold up the end); `make test WORKERS=0` runs it in one process.
WORKERS ?= auto

test: $(STAMP)
	$(PY) -m pytest -n $(WORKERS) --dist worksteal

lint: $(STAMP)
	$(PY) -m ruff check bot tests bench tools
	$(PY) -m ruff format --check bot tests bench tools
	$(PY) -m mypy

# `make bench`: synthetic 10k/100k/1M-sentence corpora against bm25s, scipy and rank-bm25
# (tens of minutes at 1M; `make bench BENCH_SIZES=10k,100k` for a quick run).
BENCH_SIZES ?= 10k,100k,1M
BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(PY) bench/bench.py --sizes $(BENCH_SIZES)

# `make eval`: score a question file (default: the held-out set in the repository).
eval: $(STAMP)
	$(PY) -m bot eval $(QUESTIONS)

# `make eval-external`: the bot against plain BM25 on CMRC 2018 trial and DRCD test (open
# retrieval, split-half test; about a minute). `make eval-external SHARED=/path/to/shared`.
SHARED ?= ../shared
EXTERNAL := $(SHARED)/qa/external
EXTERNAL_FILES := cmrc2018_trial.json DRCD_test.json

eval-external: $(STAMP)
	@if [ ! -d "$(EXTERNAL)" ]; then \
		echo "eval-external: skipped, $(EXTERNAL) not found (the public sets live in shared/" \
			"beside the repository; set SHARED=DIR)"; \
		exit 0; \
	fi; \
	for f in $(EXTERNAL_FILES); do \
		$(PY) -m bot eval "$(EXTERNAL)/$$f" --split-half --baseline || exit 1; echo; \
	done

clean:
	rm -rf .venv .venv-* .index .pytest_cache build *.egg-info

# `make train`: fit the ranker on the public sets in $(SHARED) and write bot/data/ranker.json
# (deterministic: the same data gives the same file). `make train-check` refits into a
# temporary file and fails if it differs from the shipped one.
TRAIN_STAMP := $(VENV)/.train-installed

$(TRAIN_STAMP): $(STAMP) pyproject.toml
	$(PY) -m pip install --quiet -e '.[dev,train]'
	touch $(TRAIN_STAMP)

train: $(TRAIN_STAMP)
	$(PY) tools/train_ranker.py --shared $(SHARED)
	$(PY) tools/train_spans.py $(addprefix $(EXTERNAL)/,$(EXTERNAL_FILES)) train/news --out bot/data/spans.json

train-check: $(TRAIN_STAMP)
	$(PY) tools/train_ranker.py --shared $(SHARED) --check
	$(PY) tools/train_spans.py $(addprefix $(EXTERNAL)/,$(EXTERNAL_FILES)) train/news --out bot/data/spans.json --check

# `make train-spans`: refit the short-answer span model (bot/data/spans.json) on CMRC 2018
# trial, DRCD test and the news training set (train/news); deterministic, the data's SHA-256
# recorded in the output.
train-spans: $(TRAIN_STAMP)
	$(PY) tools/train_spans.py $(addprefix $(EXTERNAL)/,$(EXTERNAL_FILES)) train/news --out bot/data/spans.json
