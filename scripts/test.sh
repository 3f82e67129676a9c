#!/usr/bin/env bash
# Set up (first time only), then run the linter and the whole test suite, browser tests included.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements-dev.txt
if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
.venv/bin/ruff check .
.venv/bin/python -m pytest "$@"
