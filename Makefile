# Two commands on a fresh machine: `make site` builds the site, `make test` runs every test.
# Each creates the virtual environment and installs what it needs when missing.
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
CHROMIUM ?= /usr/bin/chromium

.PHONY: site serve test test-later check bench browser fonts clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

site: $(STAMP) fonts
	$(VENV)/bin/mkdocs build --strict

serve: $(STAMP) fonts
	$(VENV)/bin/mkdocs serve --dirty

check: $(STAMP)
	$(PY) -m generator check

# Root installs Debian packages directly; anyone else through sudo (`VAR=value cmd` is not a command to
# sudo or to an empty $SUDO, so the environment goes through `env`).
APT_INSTALL = if [ "$$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; \
	else echo "make: installing $$PKGS needs root or sudo; install them and run make again" >&2; exit 1; fi; \
	$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$PKGS >/dev/null

# The link-preview images are drawn with a CJK font (the Chinese quotes) and DejaVu Sans (the verdict badge).
FONT_FILES = /usr/share/fonts/truetype/wqy/wqy-microhei.ttc /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
fonts:
	@for f in $(FONT_FILES); do test -e $$f || missing=1; done; \
	if [ -z "$$missing" ] || [ -n "$$REALITY_CHECK_TEXT_FONT" ]; then exit 0; fi; \
	echo "installing the fonts the link-preview images are drawn with"; \
	PKGS="fonts-wqy-microhei fonts-dejavu-core"; $(APT_INSTALL)

# Debian's chromium drives the browser tests (the same CJK font lets screenshots show the Chinese quotes).
browser: fonts
	@if test -x "$(CHROMIUM)"; then exit 0; fi; \
	echo "installing Debian's chromium for the browser tests"; \
	PKGS="chromium"; $(APT_INSTALL); \
	test -x "$(CHROMIUM)" || echo "note: CHROMIUM=$(CHROMIUM) does not exist; Debian's chromium is /usr/bin/chromium"

test: $(STAMP) browser
	$(PY) -m generator check
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest

# The suite must pass on any later day, not only on the day of the last commit: run it again with the clock
# five weeks ahead (Debian's faketime, installed only for this check).
LATER ?= +35d
test-later: $(STAMP) browser
	@command -v faketime >/dev/null 2>&1 || { PKGS=faketime; $(APT_INSTALL); }
	@faketime -f '$(LATER)' date +'running the suite with the clock at %F'
	FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f '$(LATER)' env CHROMIUM=$(CHROMIUM) $(PY) -m pytest -p no:cacheprovider

bench: $(STAMP)
	$(PY) scripts/bench.py

clean:
	rm -rf site .pytest_cache .hypothesis
