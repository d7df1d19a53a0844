# jixiao — the two commands of the quick start are `make run` and `make test`.
# Everything they need is installed here: uv from PyPI, the locked Python dependencies.

# Any Python 3.11 serves, Debian's own /usr/bin/python3 included (which refuses `pip install`,
# PEP 668): uv is used from PATH when there, else installed into a private venv, .tools/, and the
# system's packages are never touched.
PYTHON ?= python3
TOOLS := .tools
UV := $(shell command -v uv 2>/dev/null || echo $(TOOLS)/bin/uv)
export UV_PYTHON_DOWNLOADS := never
# uv's environment uses $(PYTHON) when it is a 3.11, else any 3.11 it finds on PATH.
export UV_PYTHON := $(shell $(PYTHON) -c 'import sys; print(sys.executable if sys.version_info[:2] == (3, 11) else "3.11")' 2>/dev/null || echo 3.11)
SEED := examples/zhuzhou-gxj-2023-targets.txt
ACTUALS := examples/zhuzhou-gxj-2023-actuals.json

.PHONY: run demo test lint bench setup

# Debian libraries WeasyPrint needs for PDF reports (harfbuzz-subset makes them ~10x faster);
# LibreOffice (headless, no GUI) converts legacy .doc/.wps/.et files; PostgreSQL 15, on which make test
# runs the web tests a second time (a private cluster, tests/pg_cluster.py); Chromium and a CJK font for
# the browser tests (Playwright drives Debian's /usr/bin/chromium, no download).
APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libreoffice-writer-nogui libreoffice-calc-nogui postgresql-15 chromium fonts-noto-cjk

$(TOOLS)/bin/uv:
	@echo "installing uv into $(TOOLS)/ (a private venv of $(PYTHON))"
	@rm -rf $(TOOLS)
	@if $(PYTHON) -m venv $(TOOLS) >/dev/null 2>&1; then :; \
	elif $(PYTHON) -m venv --without-pip $(TOOLS) && $(PYTHON) -m pip --version >/dev/null 2>&1; then \
		$(PYTHON) -m pip --python $(TOOLS)/bin/python install --quiet uv; \
	else \
		echo "$(PYTHON) cannot make a venv: installing Debian's python3-venv"; \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq python3-venv >/dev/null; \
		rm -rf $(TOOLS) && $(PYTHON) -m venv $(TOOLS); \
	fi
	@[ -x $(TOOLS)/bin/uv ] || $(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv

setup: $(if $(findstring $(TOOLS)/,$(UV)),$(TOOLS)/bin/uv)
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing $$missing"; \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
	@$(UV) sync --locked --quiet

# The web application on SQLite under ./data with the demo loaded on first start (Ctrl-C stops it).
run: setup
	$(UV) run jixiao serve --demo --bind 127.0.0.1:8000

# The command-line demonstration: read, review and score the example tables.
demo: setup
	$(UV) run jixiao import $(SEED)
	$(UV) run jixiao review $(SEED)
	$(UV) run jixiao score $(SEED) --actuals $(ACTUALS)

lint: setup
	$(UV) run ruff check jixiao tests benchmarks
	$(UV) run ruff format --check jixiao tests benchmarks
	JIXIAO_DEBUG=1 $(UV) run mypy

# Every test on SQLite; then the web tests again on a PostgreSQL 15 cluster started for them (browser
# tests run on SQLite only).
test: lint
	$(UV) run pytest -n 2 -p no:cacheprovider
	$(UV) run python tests/pg_cluster.py python -m pytest -n 2 -p no:cacheprovider tests/web -m "not browser"

# bench_cli.py compares a whole `jixiao score` with LibreOffice recalculating the same formulas;
# bench_load.py serves 10,000 plans from a private PostgreSQL (tests/pg_cluster.py) through gunicorn to
# 20 clients (several minutes; BENCH_LOAD_PLANS / _SECONDS / _CLIENTS / _WORKERS size it).
bench: setup
	@command -v soffice >/dev/null 2>&1 || { echo "installing libreoffice-calc-nogui (for bench_cli.py)"; \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libreoffice-calc-nogui >/dev/null \
		|| echo "libreoffice-calc-nogui could not be installed: bench_cli.py runs without the comparison"; }
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(UV) run python $$script || exit 1; done
