#!/usr/bin/env bash
# Installs the editors (cached in $PRELIMLINT_EDITORS_HOME) and runs tests/editors.
# The server under test is $PRELIMLINT_LSP_CMD (default "prelimlint lsp"); the tests run
# with the Python in $PYTHON (default python3), which needs pytest.
# Extra arguments go to pytest. With CI set, a missing editor fails instead of skipping.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

started=$(date +%s)
eval "$(bash "$here/install-neovim.sh")"
eval "$(bash "$here/install-vscode-harness.sh")"
printf '[editors] editors ready in %ss\n' "$(( $(date +%s) - started ))" >&2

cd "$repo"
status=0
"${PYTHON:-python3}" -m pytest tests/editors -v -rs -m editors "$@" || status=$?
printf '[editors] install + tests took %ss\n' "$(( $(date +%s) - started ))" >&2
exit $status
