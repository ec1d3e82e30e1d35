# Two commands on a fresh machine: `make site` builds the site, `make test` runs every test.
# Each creates the virtual environment and installs what it needs when missing.
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
CHROMIUM ?= /usr/bin/chromium

.PHONY: site serve test check bench browser clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

site: $(STAMP)
	$(VENV)/bin/mkdocs build --strict

serve: $(STAMP)
	$(VENV)/bin/mkdocs serve --dirty

check: $(STAMP)
	$(PY) -m generator check

# Debian's chromium drives the browser tests; a small CJK font lets screenshots show the Chinese quotes.
browser:
	@{ test -x $(CHROMIUM) && test -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc; } || { \
	  echo "installing Debian's chromium and a CJK font for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  $$SUDO DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; }

test: $(STAMP) browser
	$(PY) -m generator check
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest

bench: $(STAMP)
	$(PY) scripts/bench.py

clean:
	rm -rf site .pytest_cache .hypothesis
