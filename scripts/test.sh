#!/usr/bin/env bash
# Run the whole test suite on a fresh machine: system packages, Python packages, then pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
fc-list 2>/dev/null | grep -q "Noto Sans CJK" || need_apt+=(fonts-noto-cjk)
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
EXTRAS=test bash scripts/setup-env.sh
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m pytest "$@"
