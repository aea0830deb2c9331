# The two commands: `make run` and `make test`. Both create .venv and install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install run serve bench test lint typecheck test-devidp test-portal browser lock clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python scripts/run_dev.py

# Production mode: gunicorn with AIDIAL_WORKERS workers, config.settings.prod, static files
# collected for whitenoise. Needs AIDIAL_SECRET_KEY (and DATABASE_URL, REDIS_URL to scale out);
# run `manage.py migrate` once per release, before the new workers start.
serve: $(STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.prod $(BIN)/python manage.py collectstatic --noinput -v 0
	DJANGO_SETTINGS_MODULE=config.settings.prod $(BIN)/gunicorn -c config/gunicorn.conf.py

# The benchmark (bench/README section of README.md): BENCH_SCALE=small for a quick run.
bench: $(STAMP)
	command -v wrk >/dev/null 2>&1 || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends wrk; }
	$(BIN)/python -m bench

test: lint typecheck test-devidp test-portal

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	DJANGO_SETTINGS_MODULE=devidp.settings $(BIN)/mypy devidp
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/mypy config portal manage.py scripts bench

test-devidp: $(STAMP)
	$(BIN)/pytest --ds=devidp.settings devidp/tests

test-portal: $(STAMP) browser
	$(BIN)/pytest --ds=config.settings.test portal tests/e2e tests/scale

# Debian's Chromium, driven by Playwright in tests/e2e.
browser:
	command -v chromium >/dev/null 2>&1 || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; }

# Re-pin every dependency after changing pyproject.toml.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -e '.[dev]'
	.lock-venv/bin/pip freeze --exclude-editable | grep -v '^aidial-portal' > constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
