#!/usr/bin/env bash
# clio-prep per-user installer for Linux (no root needed). From the unpacked tarball:
#   ./install.sh                 install or update for the current user
#   ./install.sh --uninstall     remove everything this script installed
#   ./install.sh --from DIR      install the one-folder build in DIR
# By default the build is ./clio-prep next to this script (the tarball), else dist/clio-prep
# of the source tree. Files go where the XDG Base Directory spec puts per-user data.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
BIN="$HOME/.local/bin"
DEST="$DATA/clio-prep"
DESKTOP="$DATA/applications/clio-prep.desktop"
ICON="$DATA/icons/hicolor/256x256/apps/clio-prep.png"
MIME_ICON="$DATA/icons/hicolor/256x256/mimetypes/application-x-clioprep-project.png"
MIME_XML="$DATA/mime/packages/clio-prep.xml"

die() { echo "install.sh: $*" >&2; exit 1; }

# Rebuild what the desktop reads: the MIME database, the MIME-type-to-app cache, the icons.
refresh() {
    if command -v update-mime-database >/dev/null 2>&1 && [ -d "$DATA/mime/packages" ]; then
        update-mime-database "$DATA/mime"
    fi
    if command -v update-desktop-database >/dev/null 2>&1 && [ -d "$DATA/applications" ]; then
        update-desktop-database "$DATA/applications"
    fi
    if [ -d "$DATA/icons/hicolor" ]; then
        touch "$DATA/icons/hicolor"   # icon lookups rescan a theme folder whose time changed
        if [ -f "$DATA/icons/hicolor/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
            gtk-update-icon-cache -q -t -f "$DATA/icons/hicolor" || true
        fi
    fi
}

uninstall() {
    rm -rf "$DEST"
    # Only our own link: never a clio-prep that something else put there.
    if [ -L "$BIN/clio-prep" ] && [ "$(readlink "$BIN/clio-prep")" = "$DEST/clio-prep" ]; then
        rm -f "$BIN/clio-prep"
    fi
    rm -f "$DESKTOP" "$ICON" "$MIME_ICON" "$MIME_XML"
    refresh
    echo "clio-prep removed. Your projects and autosaves were not touched."
}

install_app() {
    local src="$1" icon="" exec_path
    [ -x "$src/clio-prep" ] || die "no clio-prep build in $src (expected the executable $src/clio-prep)"
    for f in "$HERE/clio-prep.png" "$src/_internal/resources/icons/clio-prep.png" \
             "$src/resources/icons/clio-prep.png" "$HERE/../../resources/icons/clio-prep.png"; do
        if [ -f "$f" ]; then icon="$f"; break; fi
    done
    [ -n "$icon" ] || die "clio-prep.png not found next to install.sh or in the build"
    if [ ! -f "$HERE/clio-prep.desktop" ] || [ ! -f "$HERE/clio-prep-mime.xml" ]; then
        die "clio-prep.desktop or clio-prep-mime.xml missing next to install.sh"
    fi

    # The app folder: copied beside the old one, then swapped in, so a failed copy leaves it intact.
    mkdir -p "$DATA" "$BIN"
    rm -rf "$DEST.new"
    cp -a "$src" "$DEST.new"
    rm -rf "$DEST"
    mv "$DEST.new" "$DEST"
    ln -sfn "$DEST/clio-prep" "$BIN/clio-prep"

    # The menu entry starts the app by absolute path, so ~/.local/bin need not be on the
    # desktop session's PATH. Paths with characters the Exec key would need escaped keep the
    # plain name (found through PATH); a space only needs the quotes.
    exec_path="$DEST/clio-prep"
    case "$exec_path" in
        *[!A-Za-z0-9._/+\ -]*) exec_path="clio-prep" ;;
        *\ *) exec_path="\"$exec_path\"" ;;
    esac
    mkdir -p "${DESKTOP%/*}" "${ICON%/*}" "${MIME_ICON%/*}" "${MIME_XML%/*}"
    sed "s|^Exec=clio-prep |Exec=$exec_path |" "$HERE/clio-prep.desktop" > "$DESKTOP"
    chmod 644 "$DESKTOP"
    install -m 644 "$icon" "$ICON"
    install -m 644 "$icon" "$MIME_ICON"
    install -m 644 "$HERE/clio-prep-mime.xml" "$MIME_XML"
    refresh

    echo "clio-prep installed in $DEST"
    case ":$PATH:" in
        *":$BIN:"*) ;;
        *) echo "Note: $BIN is not on your PATH; the menu entry works, the command line needs $BIN/clio-prep." ;;
    esac
}

SRC=""
case "${1:-}" in
    --uninstall) uninstall; exit 0 ;;
    --from) [ -n "${2:-}" ] || die "--from needs a folder"; SRC="$2" ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    "") ;;
    *) die "unknown option $1 (try --help)" ;;
esac
if [ -z "$SRC" ]; then
    for d in "$HERE/clio-prep" "$HERE/../../dist/clio-prep"; do
        if [ -d "$d" ]; then SRC="$d"; break; fi
    done
    [ -n "$SRC" ] || die "no build found: unpack the whole tarball, or pass --from DIR"
fi
install_app "$(cd "$SRC" && pwd)"
