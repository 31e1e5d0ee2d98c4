#!/usr/bin/env bash
# Installs the editors (cached in $PRELIMLINT_EDITORS_HOME) and runs tests/editors.
# The server under test is $PRELIMLINT_LSP_CMD (default "prelimlint lsp"); the tests run
# with the Python in $PYTHON (default python3), which needs pytest.
# Extra arguments go to pytest. With CI set, a missing editor fails instead of skipping.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

started=$(date +%s)
. "$here/common.sh"
# One apt run for both, then the two installers side by side (mostly downloads vs. compiling).
apt_install $NEOVIM_APT_PACKAGES $VSCODE_APT_PACKAGES
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
bash "$here/install-neovim.sh" >"$scratch/nvim.env" 2>"$scratch/nvim.log" &
nvim_job=$!
vscode_env=$(bash "$here/install-vscode-harness.sh")
wait "$nvim_job" || { cat "$scratch/nvim.log" >&2; exit 1; }
cat "$scratch/nvim.log" >&2
eval "$(cat "$scratch/nvim.env")"
eval "$vscode_env"
printf '[editors] editors ready in %ss\n' "$(( $(date +%s) - started ))" >&2

cd "$repo"
status=0
"${PYTHON:-python3}" -m pytest tests/editors -v -rs -m editors --durations=0 "$@" || status=$?
printf '[editors] install + tests took %ss\n' "$(( $(date +%s) - started ))" >&2
exit $status
