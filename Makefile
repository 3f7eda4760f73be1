# The only commands anyone needs. `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
STORE ?= data/store
LINT_TOOL := tools/cypher-lint

.PHONY: install demo test test-shared lint eval bench stop clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

$(LINT_TOOL)/node_modules/.installed: $(LINT_TOOL)/package-lock.json
	npm ci --prefix $(LINT_TOOL) --no-audit --no-fund --loglevel=error
	touch $@

install: $(BIN)/.installed

demo: install  ## ingest the demo corpus into the embedded store and start the app on 127.0.0.1:$(PORT)
	$(BIN)/threadline ingest data/articles/*.txt --store $(STORE)
	$(BIN)/threadline app --store $(STORE) --port $(PORT)

test: install $(LINT_TOOL)/node_modules/.installed  ## lint, then every test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

test-shared: install  ## only the tests that need ../shared (the seed gold); CI runs them where shared/ is present
	$(BIN)/python -m pytest -m shared

lint: install
	$(BIN)/ruff check .

eval: install  ## precision, recall and F1 of extraction on the seed, CoNLL04 test and the demo corpus
	$(BIN)/threadline eval

bench: install  ## write rates, extraction speed and time-to-graph, side by side in one run
	$(BIN)/python -m bench

stop:  ## stop the embedded store's database server
	$(BIN)/threadline stop --store $(STORE)

clean:  ## stop the store's server (when there is a store) and delete the store
	[ ! -d $(STORE) ] || $(BIN)/threadline stop --store $(STORE)
	rm -rf $(STORE)
