# jixiao — the two commands of the quick start are `make run` and `make test`.
# Everything they need is installed here: uv from PyPI, the locked Python dependencies.

PYTHON ?= python3
UV := $(PYTHON) -m uv
export UV_PYTHON_DOWNLOADS := never
SEED := examples/zhuzhou-gxj-2023-targets.txt
ACTUALS := examples/zhuzhou-gxj-2023-actuals.json

.PHONY: run demo test lint bench setup

# Debian libraries WeasyPrint needs for PDF reports (harfbuzz-subset makes them ~10x faster), and
# PostgreSQL 15, on which make test runs the web tests a second time (a private cluster, tests/pg_cluster.py).
APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 postgresql-15

setup:
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
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

bench: setup
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(UV) run python $$script || exit 1; done
