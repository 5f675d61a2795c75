# Two commands set everything up on a fresh machine:
#   make build   install into .venv and produce the workbooks in workbooks/
#   make test    run the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: build test install clean bench

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

build: install
	$(BIN)/sheetgd build --out workbooks

test: install
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/pip install --quiet -c constraints.txt -e '.[bench]'
	$(BIN)/sheetgd bench --markdown

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
