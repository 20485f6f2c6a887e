# Two commands a newcomer needs: `make run` (main job on seeds/) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Compiled bytecode of our own sources, written once here: the environment may
# set PYTHONDONTWRITEBYTECODE, and then every start of `notices` would compile
# them again (about 0.07 s of a 0.33 s start, measured).
BYTECODE := $(VENV)/.bytecode
SOURCES  := $(wildcard notices/*.py notices/*/*.py scheduler/*.py scheduler/*/*.py)

.PHONY: run test install bench golden clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(BYTECODE): $(STAMP) $(SOURCES)
	$(BIN)/python -m compileall -q notices scheduler
	touch $(BYTECODE)

install: $(STAMP) $(BYTECODE)

run: $(STAMP) $(BYTECODE)
	$(BIN)/notices build seeds --as-of 2023-04-26

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP) $(BYTECODE)
	$(BIN)/python -m bench

golden: $(STAMP)
	$(BIN)/python -m tests.golden --update

clean:
	rm -rf $(VENV) output/feeds output/digests state .pytest_cache
