# The two commands of the README: `make run` and `make test`.
# Only Python 3.11+, git and make are needed: uv is installed into .tools/.

PYTHON ?= python3
UV_VERSION := 0.9.5
UV := .tools/bin/uv
VENV := .venv
MANAGE := $(VENV)/bin/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast chromium install migrate demo lint messages check-deploy clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

install: $(VENV)/.installed

migrate: install
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(MANAGE) migrate --no-input

demo: migrate
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(MANAGE) load_demo_content

run: demo
	@echo "Serving the portal at http://$(HOST):$(PORT)/ (Ctrl+C stops it)"
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(MANAGE) runserver $(HOST):$(PORT)

test: install chromium
	$(VENV)/bin/pytest

# The browser tests drive Debian's Chromium (never a downloaded browser).
CHROMIUM ?= /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
chromium: $(CHROMIUM)
$(CHROMIUM):
	@echo "Installing Debian's chromium package for the browser tests"
	$(SUDO) apt-get install -y -q chromium || ($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium)

test-fast: install
	$(VENV)/bin/pytest -m "not browser"

lint: install
	$(VENV)/bin/ruff check .

# Extract new strings into the catalogues, then compile them (needs GNU gettext).
messages: install
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(MANAGE) makemessages -l nl -l fr --no-obsolete --ignore=.venv --ignore=.tools --ignore=var
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(MANAGE) compilemessages --ignore=.venv --ignore=.tools

clean:
	rm -rf $(VENV) .tools var db.sqlite3
