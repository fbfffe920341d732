# Iran cyberspace news dataset.  `make serve` and `make test` do all set-up.
.PHONY: all venv build site serve serve-public nginx test test-next evaluate clean distclean inspect corpus bench stages loadtest

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEFAULT_DB := iran_cyberspace.db
DB ?= $(DEFAULT_DB)
PORT ?= 8001
SEEDS ?= seeds
SITE := .cache/site-$(notdir $(basename $(DB)))
BUILD_INPUTS := $(wildcard $(SEEDS)/*.txt) $(wildcard build/*.py) $(wildcard build/*/*.py) $(wildcard build/data/*)

all: build

# One pinned set of packages per purpose (requirements/*.txt), each
# installed by the targets that need it, and the project itself, editable.
BUILD_ENV := $(VENV)/.installed-build
SERVE_ENV := $(VENV)/.installed-serve
DEV_ENV := $(VENV)/.installed-dev
$(VENV)/.installed-%: requirements/%.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r $<
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

venv: $(DEV_ENV)

$(DEFAULT_DB): $(BUILD_ENV) $(BUILD_INPUTS)
	$(PY) -m build --seeds $(SEEDS) --db $@ --incremental

# Build the database if it is missing or older than its inputs.
build: $(DEFAULT_DB)

# The Datasette configuration directory the site is served from (deploy/site.py):
# the database (linked) and its inspect-data.json, metadata.yml, the settings
# of settings.json, plugins/, templates/ and static/.
site: $(SERVE_ENV) $(if $(filter $(DEFAULT_DB),$(DB)),build)
	$(PY) -m deploy.site --db $(DB) --dir $(SITE)

inspect: site

# Serve a database (default: the one built here) read-only and immutable on 127.0.0.1,
# from its configuration directory.
# SITE_URL is the address the site writes in absolute links (never the request's Host).
SITE_URL ?= http://127.0.0.1:$(PORT)
serve: site
	SITE_URL=$(SITE_URL) $(VENV)/bin/datasette serve $(SITE) -h 127.0.0.1 -p $(PORT)

# The public set-up: nginx (Debian's package) in front of Datasette, on LISTEN; see deploy/.
LISTEN ?= 127.0.0.1:8080
serve-public: site nginx
	$(PY) -m deploy.public --db $(DB) --site-dir $(SITE) --listen $(LISTEN)

NGINX ?= /usr/sbin/nginx
nginx:
	@if [ -x $(NGINX) ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx; \
	elif command -v sudo >/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx; \
	else echo "nginx is not installed: the public set-up and its tests will be skipped (apt-get install nginx)"; fi

# A Frictionless Data Package: datapackage.json and a CSV of every table.
.PHONY: datapackage
datapackage: build
	$(PY) -m build.datapackage --db $(DEFAULT_DB) --out dist/datapackage

# The browser tests drive Debian's Chromium (never a downloaded browser).
.PHONY: chromium
CHROMIUM ?= /usr/bin/chromium
chromium:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	elif command -v sudo >/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "chromium is not installed: browser tests will be skipped (apt-get install chromium)"; fi

test: $(DEV_ENV) build chromium nginx
	$(PY) -m pytest -q tests

# The site's tests (the served site, its pages, search, downloads, safety and
# the browser) against the newest Datasette 1.0 alpha, in a virtualenv of its
# own (requirements/next.txt).
NEXT_VENV := .venv-next
NEXT_TESTS := tests/test_site.py tests/test_pages.py tests/test_persian_site.py tests/test_search.py \
  tests/test_downloads.py tests/test_safety.py tests/test_hostile.py tests/test_browser.py tests/test_config_dir.py
$(NEXT_VENV)/.installed-next: requirements/next.txt pyproject.toml
	test -x $(NEXT_VENV)/bin/python || $(PYTHON) -m venv $(NEXT_VENV)
	$(NEXT_VENV)/bin/pip install --quiet --disable-pip-version-check -r $<
	$(NEXT_VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

test-next: $(NEXT_VENV)/.installed-next chromium nginx
	$(NEXT_VENV)/bin/python -m pytest -q -p no:cacheprovider $(NEXT_TESTS)

# Precision, recall and F1 of people, organisations and roles: on the seeds,
# then on the real gold (tests/gold/real), whose articles are built from
# $(REAL_CORPORA) first, with the figures per outlet.  Then the same for
# statements (tests/gold/statements): on the seeds, then on the real gold.
REAL_CORPORA ?= ../shared/corpora
evaluate: $(BUILD_ENV) build
	$(PY) -m build.evaluate --db $(DEFAULT_DB) --gold tests/gold
	$(PY) -m build.evaluate --gold tests/gold/real --corpus $(REAL_CORPORA) --db .cache/gold-real.db
	$(PY) -m build.evaluate_statements --db $(DEFAULT_DB) --gold tests/gold/statements --corpus $(REAL_CORPORA) --real-db .cache/gold-statements.db

clean:
	rm -rf $(DEFAULT_DB) .$(DEFAULT_DB).tmp-* .cache .pytest_cache .hypothesis test-artifacts
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) $(NEXT_VENV)

# A deterministic synthetic corpus recombined from the seeds.
N ?= 10000
OUT ?= /tmp/corpus-$(N)
corpus: $(BUILD_ENV)
	$(PY) -m build.corpus --n $(N) --out $(OUT) --seed 1

# Build 1,000 and 10,000 synthetic articles (REPEAT=N keeps the fastest of N); writes bench/results-N.json.
REPEAT ?= 1
bench: $(BUILD_ENV)
	$(PY) -m bench.run --repeat $(REPEAT)

# Time each stage of the per-article work on one core against hazm's normaliser.
N_STAGES ?= 300
stages: $(BUILD_ENV)
	$(PY) -m bench.stages --n $(N_STAGES)

# Serve a 10,000-article database and load it with 32 clients; writes bench/loadtest-results.json.
# Then three runaway clients and a reader, against Datasette alone and behind nginx (RUNAWAY seconds each).
DURATION ?= 60
RUNAWAY ?= 20
loadtest: $(DEV_ENV) nginx
	$(PY) -m bench.loadtest --duration $(DURATION)
	$(PY) -m bench.runaway --db bench/corpus-10000/serve/iran_cyberspace.db --seconds $(RUNAWAY)
