# The two commands: `make run` and `make test`. Everything they need is installed here.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := wsgi.py

.PHONY: run test test-fast install pwa pwa-test rules migrate seed bench mutants clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

pwa/node_modules/.installed: pwa/package-lock.json
	cd pwa && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The phone's field rules, generated from the server's (tests/services/test_field_rules.py fails when stale).
rules: install
	$(PY) -m app.schemas.field_rules

pwa: pwa/node_modules/.installed rules
	cd pwa && npm run build

pwa-test: pwa/node_modules/.installed
	cd pwa && npm test

migrate: install
	mkdir -p instance
	$(VENV)/bin/flask db upgrade

seed: migrate
	$(VENV)/bin/flask seed-demo --if-empty

run: seed pwa
	@echo ""
	@echo "调解通 Tiaojie is starting on http://$(HOST):$(PORT)/"
	@echo "Demo accounts (password demo-pass-2026): admin, supervisor, mediator, mediator2, mediator3"
	@echo ""
	HOST=$(HOST) PORT=$(PORT) WEB_CONCURRENCY=$${WEB_CONCURRENCY:-2} $(VENV)/bin/gunicorn -c gunicorn.conf.py wsgi:app

# Two steps: everything but the browser on both cores, then the browser tests, one at a time (each drives
# a server and Chromium of its own; two at once on two cores only makes their waits flaky).
test: install pwa pwa-test
	$(PY) -m pytest -n 2 -m "not browser"
	$(PY) -m pytest -m browser

test-fast: install
	$(PY) -m pytest -m "not slow and not browser"

# Mutation testing of the rule code (docs/mutation.md); not part of `make test`. One worker each, fast tests only.
# MUTANTS narrows the Python run to mutant names (globs), e.g. MUTANTS='app.services.sync.cursors*'.
MUTANTS ?=
mutants: install pwa/node_modules/.installed
	$(VENV)/bin/mutmut run --max-children 1 $(MUTANTS)
	$(VENV)/bin/mutmut results --all true | awk -F': ' '$$2 == "not checked" {next} {m = $$1; gsub(/ /, "", m); sub(/\.[^.]*$$/, "", m); t[m]++; \
		if ($$2 == "killed") k[m]++; else print $$2 ":" $$1} \
		END {for (m in t) printf "%-36s %4d/%-4d killed  %5.1f %%\n", m, k[m], t[m], 100 * k[m] / t[m]}'
	cd pwa && npx stryker run

bench: install
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) instance .pytest_cache pwa/node_modules pwa/dist mutants pwa/reports pwa/.stryker-tmp
