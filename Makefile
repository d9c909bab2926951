# The two set-up commands of the README: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    ?= out/demo
# The offline map's asset cache for the demo and the tests (Leaflet and world-atlas's Natural Earth from the
# npm registry, pinned and checked; see frontline/maps/assets.py).
ASSETS := $(CURDIR)/$(VENV)/frontline-assets
SUDO   := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: demo test lint postgis bench bench-maps clean postgis

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

demo: $(VENV)/.installed $(ASSETS)/.filled
	FRONTLINE_ASSETS_DIR=$(ASSETS) $(BIN)/frontline demo --out $(OUT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check conftest.py gazetteer frontline tests benchmarks
	$(BIN)/ruff format --check conftest.py gazetteer frontline tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

# Browser tests drive Debian's chromium through pip playwright (never `playwright install`).
/usr/bin/chromium:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

# The PostGIS store's tests start a throwaway server (tests/postgis_server.py): Debian's PostgreSQL and the
# PostGIS package built for its version, installed when missing.
postgis:
	@ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql && \
	  version=$$(ls /usr/lib/postgresql | sort -n | tail -1) && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql-$$version-postgis-3; }

$(ASSETS)/.filled: $(VENV)/.installed frontline/maps/assets.py
	FRONTLINE_ASSETS_DIR=$(ASSETS) $(BIN)/frontline maps fetch-assets
	touch $@

test: lint /usr/bin/chromium postgis $(ASSETS)/.filled
	FRONTLINE_ASSETS_DIR=$(ASSETS) $(BIN)/python -m pytest

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/geoparse.py
	$(BIN)/python benchmarks/control.py
	$(BIN)/python benchmarks/extract.py
	$(BIN)/python benchmarks/network.py
	$(BIN)/python benchmarks/store.py
	$(BIN)/python benchmarks/bulk.py

bench-maps: $(VENV)/.installed-test /usr/bin/chromium $(ASSETS)/.filled
	FRONTLINE_ASSETS_DIR=$(ASSETS) $(BIN)/python benchmarks/maps.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
