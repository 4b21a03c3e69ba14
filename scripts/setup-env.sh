#!/usr/bin/env bash
# Create .venv and install the project's Python dependencies from the hashed lock files.
# Usage: source-free; called by scripts/site.sh and scripts/test.sh.  EXTRAS=test for the test tools.
#
#   requirements.txt        what the site build needs (scripts/site.sh)
#   requirements-test.txt   the same pins plus the test tools (scripts/test.sh)
#
# Both are generated from pyproject.toml with every file's sha256, and pip refuses anything else
# (--require-hashes). After changing the dependencies in pyproject.toml, regenerate both with:
#
#   bash scripts/setup-env.sh --lock
#
# Pins already in the files are kept; add --upgrade (or --upgrade-package NAME) to move them.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--lock" ]; then
  # pip-tools in a throwaway venv, so the lock never depends on what .venv happens to hold.
  tools=$(mktemp -d)
  trap 'rm -rf "$tools"' EXIT
  python3 -m venv "$tools"
  "$tools/bin/python" -m pip install --quiet "pip-tools==7.6.2"
  # --all-build-deps: setuptools (the build backend in pyproject.toml) is pinned too, so the project itself installs
  # from the lock (console entry points) without fetching anything unpinned.
  compile=("$tools/bin/pip-compile" --quiet --generate-hashes --strip-extras --allow-unsafe --all-build-deps
           --no-emit-index-url --no-emit-find-links --no-emit-trusted-host)
  "${compile[@]}" "${@:2}" --extra=test --output-file=requirements-test.txt pyproject.toml
  # The site lock starts from the test lock, so both pin the same version of every shared package.
  cp requirements-test.txt requirements.txt
  "${compile[@]}" --output-file=requirements.txt pyproject.toml
  echo "requirements.txt and requirements-test.txt regenerated; commit them with pyproject.toml."
  exit 0
fi

lock=requirements.txt
[ "${EXTRAS:-}" = "test" ] && lock=requirements-test.txt
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
stamp=".venv/.installed-$(cat "$lock" pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --require-hashes -r "$lock"
  # The project itself, editable (scripts/ecosite is used in place) with its console entry points
  # (ecosite-build, ecosite-validate, …), built by the setuptools the lock pinned: nothing is fetched.
  .venv/bin/python -m pip install --quiet --no-deps --no-build-isolation --no-index -e .
  rm -f .venv/.installed-*
  touch "$stamp"
fi
