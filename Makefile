# The two set-up commands of the README: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    ?= out/demo

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install when the project's metadata changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/frontline demo --out $(OUT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check gazetteer frontline tests benchmarks
	$(BIN)/ruff format --check gazetteer frontline tests benchmarks
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/geoparse.py
	$(BIN)/python benchmarks/control.py
	$(BIN)/python benchmarks/extract.py
	$(BIN)/python benchmarks/network.py
	$(BIN)/python benchmarks/store.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
