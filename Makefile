# ikmkit: `make demo` and `make test` are all a new user needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test test-fast lab bench install lint clean sandbox browser

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

# bubblewrap isolates participant code while it is graded (Debian package). Without it
# grading still runs, with memory and file-size limits only, and ikmkit says so.
sandbox:
	@command -v bwrap >/dev/null 2>&1 || bash scripts/apt-install.sh bubblewrap || \
	  echo "Peringatan: bubblewrap tidak terpasang; kode peserta tidak diisolasi saat dinilai."

# Debian's Chromium for the browser tests (Playwright drives it; no browser download).
browser:
	@test -x /usr/bin/chromium || bash scripts/apt-install.sh chromium || \
	  echo "Peringatan: chromium tidak terpasang; uji peramban (tests/browser) akan gagal."

demo: $(STAMP) sandbox
	$(VENV)/bin/ikmkit demo

# Unit, doctest, CLI and end-to-end tests, browser tests (tests/browser, headless Chromium),
# plus every curriculum notebook executed by nbval.
test: $(STAMP) sandbox browser lint
	$(VENV)/bin/ikmkit regulations check
	$(PY) -m pytest -q tests ikmkit README.md --nbval-lax curriculum

# The quick loop while developing (about a minute): no kernels, no browsers, no notebooks.
test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not slow and not browser"

# JupyterLab refuses to run as root without --allow-root (e.g. in a container)
lab: $(STAMP)
	$(VENV)/bin/jupyter lab curriculum $(if $(filter 0,$(shell id -u)),--allow-root,)

bench: $(STAMP)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

lint: $(STAMP)
	$(VENV)/bin/ruff check ikmkit tests benchmarks assessments curriculum/data
	$(VENV)/bin/mypy ikmkit

clean:
	rm -rf $(VENV) demo-out bench-out
