# Two commands set everything up on a fresh machine:
#   make build   install into .venv and produce the workbooks in workbooks/
#   make test    run the test suite
# and, with LibreOffice headless installed:
#   make fuzz    compare 10,000 random formulas with LibreOffice (docs/compatibility.md)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

FUZZ_COUNT ?= 10000
FUZZ_SEED  ?= 1

.PHONY: build test test-fast install clean bench fuzz

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[torch,test]'
	touch $(STAMP)

install: $(STAMP)

build: install
	$(BIN)/sheetgd build --out workbooks

# The suite runs on every core (at most 4 workers; a test file stays on one
# worker, so its fixtures are built once); test-fast leaves out the tests
# that start LibreOffice, for the edit-test loop.  Python keeps the compiled
# bytecode of sheetgd and the tests (in __pycache__, which git ignores) even
# where PYTHONDONTWRITEBYTECODE is set: every worker collects every test file,
# and the README's examples start sheetgd afresh, each compiling the sources
# again otherwise.
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest -q -n auto --maxprocesses 4 --dist loadfile \
	--no-loadscope-reorder

test: install
	$(PYTEST)

test-fast: install
	$(PYTEST) -m "not libreoffice"

bench: install
	$(BIN)/pip install --quiet -c constraints.txt -e '.[bench]'
	$(BIN)/sheetgd bench --markdown
	$(BIN)/sheetgd bench --sweep 1000000 --markdown  # the torch sweep; CUDA when there is one
	$(BIN)/sheetgd bench --commands --markdown  # whole commands against the speed goals

fuzz: install
	$(BIN)/python -m tests.fuzz_lo --count $(FUZZ_COUNT) --seed $(FUZZ_SEED)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
