# Two commands for a fresh clone: `make run` starts the app, `make test` runs the tests.
# Each sets everything up first (virtual environment, packages, Qt's system libraries)
# and skips what is already done.

VENV    := .venv
VPY     := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
# What the tests and the lint need on top (pytest, hypothesis, ruff, mypy, …): `make run`
# installs only the app.
TSTAMP  := $(VENV)/.installed-test
# What `make dist` needs on top (build, PyInstaller).
DSTAMP  := $(VENV)/.installed-dist
APP_ID  := org.lumbagocoach.LumbagoCoach
APPS    := $(or $(XDG_DATA_HOME),$(HOME)/.local/share)/applications
ICONS   := $(or $(XDG_DATA_HOME),$(HOME)/.local/share)/icons/hicolor/scalable/apps

.PHONY: run test test-quick lint bench translations setup system-libs test-tools install-desktop dist dist-test dist-windows dist-windows-test test-windows windows-tools clean

run: setup
	$(VENV)/bin/lumbago-coach $(ARGS)

# Every file and pipe is opened with its encoding named: a default would be the old code page
# on Windows (pyproject's filterwarnings makes the warning an error).
TEST_ENV := QT_QPA_PLATFORM=offscreen PYTHONWARNDEFAULTENCODING=1

test: setup $(TSTAMP) test-tools
	$(TEST_ENV) $(VENV)/bin/python -m pytest $(PYTEST_ARGS)

# The everyday loop: everything but the slow tests (10,000 fuzzed files and keys, the sound soak).
test-quick: setup $(TSTAMP)
	$(TEST_ENV) $(VENV)/bin/python -m pytest -m "not slow" $(PYTEST_ARGS)

lint: setup $(TSTAMP)
	$(VENV)/bin/ruff check desktop_app tests bench tools
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

bench: setup $(TSTAMP)
	QT_QPA_PLATFORM=offscreen $(VPY) bench/run_all.py

# The message catalogues: extract every _() and ngettext() into the template, merge it into
# each language's .po (translators work there), and compile the .mo files the app reads.
POT := desktop_app/locale/lumbago-coach.pot
translations: setup $(TSTAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 --add-comments TRANSLATORS: --no-location \
		--sort-output --project "Lumbago Coach" -o $(POT) .
	$(VENV)/bin/pybabel update -i $(POT) -d desktop_app/locale -D lumbago-coach --no-fuzzy-matching --ignore-obsolete
	$(VENV)/bin/pybabel compile -d desktop_app/locale -D lumbago-coach --statistics

setup: $(STAMP) system-libs

$(VPY):
	@python=$$(sh tools/find-python) || exit 1; \
	echo "Creating $(VENV) with $$python"; \
	"$$python" -m venv $(VENV)

$(STAMP): pyproject.toml | $(VPY)
	@$(VPY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null || { \
		echo "$(VENV) was made with a Python older than 3.12 (or a broken one)." >&2; \
		echo "Run 'make clean', then try again: a new one is made with a supported Python." >&2; \
		exit 1; }
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -e .
	@touch $@

$(TSTAMP): $(STAMP)
	$(VPY) -m pip install --quiet -e '.[test]'
	@touch $@

$(DSTAMP): $(STAMP)
	$(VPY) -m pip install --quiet -e '.[dist]'
	@touch $@

# Installable packages in dist/: the wheel and sdist, the .deb and the tarball of the
# self-contained bundle (about a minute).
dist: setup $(DSTAMP)
	$(VPY) tools/make_dist.py

# The .deb installed with apt into a clean Debian 12 root and tried there as a person would
# (needs root; the root is cached under .cache/; see tools/dist_test.py for what is checked).
dist-test: dist test-tools
	$(VPY) tools/dist_test.py

# The Windows installer, built on this Linux machine: a Windows Python and the app's packages
# from the registries (hash-pinned), PyInstaller inside Wine, NSIS; dist/LumbagoCoach-*-setup.exe
# (see tools/make_windows.py; about two minutes, once more the first time).
dist-windows: setup windows-tools
	$(VPY) tools/make_windows.py

# The installer tried in a fresh Wine prefix: installed silently, started from the Start menu,
# the safety check, a hold reached by keys, the cues heard, closed, uninstalled keeping the data.
dist-windows-test: dist-windows test-tools
	$(VPY) tools/windows_dist_test.py

# The tests with the Windows Python under Wine (offscreen). Tests that cannot hold on Windows
# are skipped there with their reason (tests/windows_only_linux.py).
test-windows: setup $(TSTAMP) windows-tools
	$(VPY) tools/wine.py test -m "not slow" $(PYTEST_ARGS)

windows-tools:
	@sh tools/ensure-test-tools windows

system-libs: $(STAMP)
	@sh tools/ensure-system-libs $(VPY)

test-tools:
	@sh tools/ensure-test-tools

install-desktop: setup
	mkdir -p "$(APPS)" "$(ICONS)"
	# Exec is quoted: a checkout path with a space must still start the app.
	sed 's|^Exec=.*|Exec="$(CURDIR)/$(VENV)/bin/lumbago-coach"|' packaging/$(APP_ID).desktop > "$(APPS)/$(APP_ID).desktop"
	cp assets/icons/$(APP_ID).svg "$(ICONS)/$(APP_ID).svg"
	@if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database "$(APPS)"; fi
	@echo "Installed $(APPS)/$(APP_ID).desktop — Lumbago Coach is now in your applications menu."

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis dist
