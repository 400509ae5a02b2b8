#!/usr/bin/env bash
# One entry point for contributors and CI. Each command does all the set-up it needs.
#   bash dev.sh test      install everything (first time), then run the whole test suite
#   bash dev.sh app       install everything (first time), then open the wizard with the demo data
#   bash dev.sh check ... run the command line (clio-prep ...) from the source tree
set -euo pipefail
cd "$(dirname "$0")"

VENV=.venv
PY="$VENV/bin/python"
# Qt needs these shared libraries even offscreen; a real window (Xvfb) needs the xcb ones and a font.
QT_DEBS="libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfreetype6 libfontconfig1 libdbus-1-3 fonts-dejavu-core"
WINDOW_DEBS="xvfb xauth libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libxcb-xkb1"

need_debs() {
  command -v dpkg-query >/dev/null 2>&1 || return 1
  local missing=()
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 1
  echo "${missing[@]}"
}

install_debs() {
  local missing
  missing=$(need_debs "$@") || return 0
  echo "Installing system libraries: $missing"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo"
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "Please install the Qt runtime libraries for your system ($missing)." >&2
    return 0
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

setup() {
  install_debs $QT_DEBS
  if [ ! -x "$PY" ]; then
    python3 -m venv "$VENV"
  fi
  if [ ! -f "$VENV/.installed" ] || [ pyproject.toml -nt "$VENV/.installed" ]; then
    "$PY" -m pip install -q --upgrade pip
    "$PY" -m pip install -q -e ".[test]"
    touch "$VENV/.installed"
  fi
}

cmd="${1:-test}"
shift || true
case "$cmd" in
  setup) setup ;;
  test)
    setup
    QT_QPA_PLATFORM=offscreen "$PY" -m pytest "$@"
    ;;
  app)
    setup
    install_debs $WINDOW_DEBS
    exec "$PY" -m app gui --demo "$@"
    ;;
  check|sources|bundle|verify)
    setup
    exec "$PY" -m app "$cmd" "$@"
    ;;
  *) echo "usage: bash dev.sh [test|app|check ...|bundle ...|verify ...|sources]" >&2; exit 2 ;;
esac
