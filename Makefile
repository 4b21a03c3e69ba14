# One task runner. The README's two commands are `make site` and `make test`; each target is a thin call to the
# scripts in scripts/, which also work without make.
.PHONY: help site serve test lint format validate lock bench screenshots

site:            ## build the site into site/ (validates first; the last good site stays on failure)
	bash scripts/site.sh

serve:           ## preview with live reload at http://127.0.0.1:8000
	bash scripts/site.sh serve

test:            ## the whole test suite (installs chromium, fonts and .venv when missing); pytest options in PYTEST_ARGS
	bash scripts/test.sh $(PYTEST_ARGS)

lint:            ## ruff lint + format check, and mypy (strict on the model; also run by the tests and by pre-commit)
	EXTRAS=test bash scripts/setup-env.sh
	.venv/bin/ruff check scripts tests
	.venv/bin/ruff format --check scripts tests
	.venv/bin/mypy

format:          ## format and fix what ruff can fix safely
	EXTRAS=test bash scripts/setup-env.sh
	.venv/bin/ruff format scripts tests
	.venv/bin/ruff check --fix scripts tests

validate:        ## validate the data packages only
	bash scripts/setup-env.sh
	.venv/bin/python scripts/validate.py

lock:            ## regenerate requirements*.txt (hashed) after changing pyproject.toml
	bash scripts/setup-env.sh --lock

bench:           ## build benchmark (times as ratios to a bare mkdocs build, first-view bytes, search)
	EXTRAS=test bash scripts/setup-env.sh
	.venv/bin/python scripts/bench_build.py

screenshots:     ## screenshots of every page kind at 390 and 1366 px into screenshots/
	EXTRAS=test bash scripts/setup-env.sh
	.venv/bin/python scripts/screenshots.py --width 390 --width 1366

help:            ## this list
	@grep -E '^[a-z]+:.*##' Makefile | sed 's/:.*##/\t/'
