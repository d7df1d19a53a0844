# jixiao — the two commands of the quick start are `make run` and `make test`.
# Everything they need is installed here: uv from PyPI, the locked Python dependencies.

PYTHON ?= python3
UV := $(PYTHON) -m uv
export UV_PYTHON_DOWNLOADS := never
SEED := examples/zhuzhou-gxj-2023-targets.txt
ACTUALS := examples/zhuzhou-gxj-2023-actuals.json

.PHONY: run test lint bench setup

setup:
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	@$(UV) sync --locked --quiet

run: setup
	$(UV) run jixiao import $(SEED)
	$(UV) run jixiao review $(SEED)
	$(UV) run jixiao score $(SEED) --actuals $(ACTUALS)

lint: setup
	$(UV) run ruff check jixiao tests benchmarks
	$(UV) run ruff format --check jixiao tests benchmarks
	$(UV) run mypy

test: lint
	$(UV) run pytest -n 2 -p no:cacheprovider

bench: setup
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(UV) run python $$script || exit 1; done
