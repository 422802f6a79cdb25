# The two commands of the README. Both create .venv if missing and install the project into it.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
# One BLAS thread: on 2 shared cores threaded OpenBLAS makes small SVDs ~25x slower (measured, issue 4).
export OPENBLAS_NUM_THREADS ?= 1
export OMP_NUM_THREADS ?= 1

.PHONY: audit test lint typecheck-all install bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## make audit: the certificate audit, quick profile (table + reports/quick/{report.json,report.md,*.png})
audit: $(STAMP)
	$(PY) -m certificates run --profile quick --report reports/quick

## make lint: ruff (style, imports, bugbear) and mypy (types of _numerics, the realizability core, paper B)
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

## make typecheck-all: mypy over all of reference/ and certificates/ (reports the count; not part of make test)
typecheck-all: $(STAMP)
	-$(VENV)/bin/mypy reference certificates | tail -n 1

## make test: lint, then the whole test suite (hypothesis profile 'ci' under CI, 'dev' otherwise)
test: lint
	$(PY) -m pytest -n 2 -q

## make bench: every benchmarks/bench_*.py script (measured figures, never asserted)
bench: $(STAMP)
	@for f in benchmarks/bench_*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

clean:
	rm -rf $(VENV) reports .pytest_cache .hypothesis
