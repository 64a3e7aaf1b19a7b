# Every target creates the virtual environment it needs, so a fresh clone
# needs nothing but python3 (3.11+) and access to PyPI.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench bench-dask clean

# An editable install of plain Python: tests run the source as it is.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/laborfacts extract data/raw --out-dir data/extracted

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/run.py

# extract --engine dask on a LocalCluster of 1 and 2 workers (5 MB corpus)
bench-dask: $(STAMP)
	$(BIN)/python bench/dask_bench.py

clean:
	rm -rf $(VENV) build data/extracted/*.json data/extracted/*.csv
