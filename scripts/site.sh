#!/usr/bin/env bash
# Build the site into site/ (and serve it with live reload when called as `scripts/site.sh serve`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-env.sh
export NO_MKDOCS_2_WARNING=1
if [ "${1:-}" = "serve" ]; then
  exec .venv/bin/ecosite-build --serve "${@:2}"
fi
exec .venv/bin/ecosite-build "$@"
