# Shared by the editor install scripts: where the cached editor tools live.
# Source it; it defines PRELIMLINT_EDITORS_HOME and a few helpers.
: "${PRELIMLINT_EDITORS_HOME:=/tmp/prelimlint-editors}"
export PRELIMLINT_EDITORS_HOME
mkdir -p "$PRELIMLINT_EDITORS_HOME"

log() { printf '[editors] %s\n' "$*" >&2; }

# Debian packages each harness needs (run.sh installs them all in one apt run).
NEOVIM_APT_PACKAGES="neovim"
VSCODE_APT_PACKAGES="chromium libkrb5-dev libxkbfile-dev libsecret-1-dev pkg-config g++ make"

# apt_install PKG... : installs only what is missing, runs `apt-get update` at most once.
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if [ ! -f "$PRELIMLINT_EDITORS_HOME/.apt-updated" ]; then
    log "apt-get update"
    $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
    touch "$PRELIMLINT_EDITORS_HOME/.apt-updated"
  fi
  log "apt-get install ${missing[*]}"
  # Waits for the dpkg lock rather than failing when another apt is running.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
}
