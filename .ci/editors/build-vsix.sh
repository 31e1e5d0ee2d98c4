#!/usr/bin/env bash
# Builds lsp/vscode into a .vsix outside the work tree and prints its path on stdout.
# node_modules is cached in $PRELIMLINT_EDITORS_HOME/vscode-build/<hash of package-lock.json>,
# so only the first build after a lock-file change runs `npm ci`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
src=$(cd "$here/../../lsp/vscode" && pwd)

key=$(sha256sum "$src/package-lock.json" | cut -c1-16)
build="$PRELIMLINT_EDITORS_HOME/vscode-build/$key"
if [ ! -f "$build/.deps-installed" ]; then
  log "npm ci for lsp/vscode into $build"
  rm -rf "$build"
  mkdir -p "$build"
  cp "$src/package.json" "$src/package-lock.json" "$build/"
  (cd "$build" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  touch "$build/.deps-installed"
fi
sources() {
  tar -C "$src" --exclude=./node_modules --exclude=./dist --exclude=./out --exclude='*.vsix' \
    --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - .
}
digest=$(sources | sha256sum | cut -c1-16)
if [ -f "$build/prelimlint.vsix" ] && [ "$(cat "$build/.sources" 2>/dev/null)" = "$digest" ]; then
  echo "$build/prelimlint.vsix" # sources unchanged since the last build
  exit 0
fi
rm -rf "$build/src" "$build/dist" "$build/prelimlint.vsix" "$build/.sources"
sources | tar -C "$build" -xf -
(cd "$build" && npm run package >"$build/package.log" 2>&1) || { cat "$build/package.log" >&2; exit 1; }
echo "$digest" >"$build/.sources"
echo "$build/prelimlint.vsix"
