# Two entry points (see README): `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
LIBRARY := examples/library

.PHONY: demo test lint-code bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## demo: the main job on the bundled example library (its "today" is 2026-11-27)
SS := $(BIN)/secondstory --library $(LIBRARY)
demo: $(STAMP)
	@echo "== validate: the format, ids and references"
	$(SS) validate
	@echo "== lint: blame, hindsight, weak action items (three write-ups are bad on purpose)"
	$(SS) lint --fail-on error --select BL,CF,RC,AI601,AI602
	@echo "== actions report: the last five postmortems' action items, honestly counted"
	$(SS) actions report --last 5 --today 2026-11-27
	@echo "== outcomes: does each class recur, and is it detected faster each time?"
	$(SS) outcomes --class certificate-expiry --chart outcomes.svg
	@echo "== similar: what earlier incidents are like the latest DNS one?"
	$(SS) similar 2026-08-18-dns-resolver-cache-exhaustion --limit 3
	@echo "== search"
	$(SS) search "certificate expired" service:checkout --limit 3
	@echo "outcome chart written to outcomes.svg"

## test: ruff, mypy and the whole pytest suite
test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
