#!/usr/bin/env bash
# Set up (first time only) and start the web app on the bundled corpus. Extra arguments go to streamlit.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements.txt
exec .venv/bin/streamlit run app.py --browser.gatherUsageStats false "$@"
