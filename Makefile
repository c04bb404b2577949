# VMO workbook: every target sets up .venv on first use, so a fresh clone needs only
# Python 3.11+ and make.  `make handouts` builds the HTML handouts; `make test` runs the tests.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    ?= reports

.PHONY: help setup handouts test lint lab clean

help:
	@echo "make handouts  run every notebook on the bundled data; HTML handouts in $(OUT)/"
	@echo "make test      lint, unit tests and every notebook under nbval"
	@echo "make lab       open JupyterLab on the notebooks"
	@echo "make clean     remove the virtual environment and generated reports"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is required")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

handouts: $(STAMP)
	$(BIN)/vmo handouts --out $(OUT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest tests --nbval-lax notebooks

# JupyterLab refuses to run as root unless told; containers often run as root.
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

clean:
	rm -rf $(VENV) $(OUT) $(OUT).partial build *.egg-info .pytest_cache .ruff_cache notebooks/outputs
