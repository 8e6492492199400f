# `make run` and `make test` do everything on a fresh machine: system libraries (as root), .venv, install.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run demo test soak lint typecheck pytest bench bench-compare screenshot translations clean sysdeps package bundle wheel deb

run: $(STAMP)
	$(PY) -m hunyuan_desktop $(ARGS)

demo: $(STAMP)
	$(PY) -m hunyuan_desktop --demo $(ARGS)

sysdeps:
	@bash scripts/sysdeps.sh

$(STAMP): pyproject.toml
	@bash scripts/sysdeps.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

lint: $(STAMP)
	$(VENV)/bin/ruff check hunyuan_desktop tests benchmarks scripts packaging
	$(VENV)/bin/ruff format --check hunyuan_desktop tests benchmarks scripts packaging
	$(VENV)/bin/lint-imports --no-cache

typecheck: $(STAMP)
	$(VENV)/bin/mypy

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen scripts/with-keyring.sh $(PY) -m pytest $(PYTEST_ARGS)

test: lint typecheck pytest

soak: $(STAMP)
	QT_QPA_PLATFORM=offscreen scripts/with-keyring.sh $(PY) -m pytest -m soak -p no:logging -rP tests/soak

bench: bundle
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks $(ARGS)

# Paired: `make bench-compare BASE=c668508 ARGS="startup open stream"` runs the named benchmarks on BASE (a
# git worktree, this venv) and on the working tree, alternating in one sitting (scripts/bench_compare.py).
bench-compare: $(STAMP)
	$(PY) scripts/bench_compare.py $(BASE) $(ARGS)

# Installable packages in dist/: the wheel, the PyInstaller one-folder bundle, and (on Debian-like
# systems) a .deb of the bundle. packaging/README.md says what each holds and how to build on Windows/macOS.
package: wheel bundle deb

wheel: $(STAMP)
	rm -f dist/hunyuan_desktop-*.whl
	$(PY) -m pip wheel --quiet --no-deps . -w dist

bundle: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) packaging/render_icons.py build/icons
	$(VENV)/bin/pyinstaller packaging/hunyuan-desktop.spec --distpath dist --workpath build/pyinstaller \
		--noconfirm --log-level ERROR

deb: bundle
	@if command -v dpkg-deb >/dev/null; then bash packaging/build_deb.sh; else echo "deb: no dpkg-deb, skipped"; fi

# Re-extract the UI strings, fill the Chinese from scripts/zh_cn.py, compile the .qm that ships.
TS := resources/i18n/hunyuan_desktop_zh_CN.ts
translations: $(STAMP)
	$(VENV)/bin/pyside6-lupdate -no-obsolete $$(find hunyuan_desktop -name '*.py' | sort) -ts $(TS)
	$(PY) scripts/zh_cn.py $(TS)
	$(VENV)/bin/pyside6-lrelease $(TS) -qm $(TS:.ts=.qm)

screenshot: $(STAMP)
	bash scripts/screenshot.sh

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache build dist
