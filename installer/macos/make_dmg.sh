#!/usr/bin/env bash
# Turns the PyInstaller app bundle (dist/clio-prep.app) into dist/clio-prep-<version>.dmg.
# Run on macOS by `python installer/build.py`, or by hand:
#   bash installer/macos/make_dmg.sh [APP] [OUT_DIR] [VERSION]
# Each optional step runs only when its secrets are in the environment, and says so otherwise:
#   signing       MACOS_SIGN_IDENTITY  ("Developer ID Application: ..." in the keychain)
#   notarisation  MACOS_NOTARY_PROFILE (a `notarytool store-credentials` profile), or
#                 MACOS_NOTARY_APPLE_ID + MACOS_NOTARY_TEAM_ID + MACOS_NOTARY_PASSWORD (app-specific)
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
APP="${1:-$ROOT/dist/clio-prep.app}"
OUT_DIR="${2:-$ROOT/dist}"
VERSION="${3:-$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$ROOT/app/__init__.py")}"
DMG="$OUT_DIR/clio-prep-${VERSION:-0.0.0}.dmg"
ENTITLEMENTS="$HERE/entitlements.plist"

[ "$(uname -s)" = Darwin ] || { echo "make_dmg.sh needs macOS (codesign, hdiutil, xcrun)." >&2; exit 2; }
[ -d "$APP" ] || { echo "No app bundle at $APP: run the PyInstaller build first." >&2; exit 2; }
mkdir -p "$OUT_DIR"

# ---- 1. Code signing: nested code first, the app last (no --deep, as Apple advises) ----------
SIGNED=no
if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
    sign() { codesign --force --timestamp --options=runtime --sign "$MACOS_SIGN_IDENTITY" "$@"; }
    MAIN="$APP/Contents/MacOS/$(/usr/libexec/PlistBuddy -c 'Print :CFBundleExecutable' "$APP/Contents/Info.plist")"
    # a) Every Mach-O file outside .framework bundles: dylibs and .so get no entitlements
    #    (libraries inherit their host's); any other executable gets them.
    while IFS= read -r -d '' f; do
        [ "$f" = "$MAIN" ] && continue
        case "$(file -b "$f")" in
            *Mach-O*executable*) sign --entitlements "$ENTITLEMENTS" "$f" ;;
            *Mach-O*) sign "$f" ;;
        esac
    done < <(find "$APP/Contents" -type f ! -path '*.framework/*' -print0)
    # b) The .framework bundles (Qt, Python); -depth lists nested ones before their parent.
    while IFS= read -r -d '' fw; do
        sign "$fw"
    done < <(find "$APP/Contents" -depth -type d -name '*.framework' -print0)
    # c) The app: signs the main executable with the entitlements and seals the resources.
    sign --entitlements "$ENTITLEMENTS" "$APP"
    codesign --verify --deep --strict --verbose=2 "$APP"   # --deep is fine for checking, not for signing
    # The signed build must still start under the hardened runtime.
    "$MAIN" --self-test
    SIGNED=yes
else
    echo "Code signing skipped: MACOS_SIGN_IDENTITY is not set (the app keeps PyInstaller's ad-hoc signature)."
fi

# ---- 2. The disk image: the app plus an /Applications link to drag it onto ------------------
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
ditto "$APP" "$STAGE/clio-prep.app"          # ditto keeps symlinks and signatures intact
ln -s /Applications "$STAGE/Applications"
hdiutil create -volname "clio-prep" -srcfolder "$STAGE" -format UDZO -ov "$DMG"
if [ "$SIGNED" = yes ]; then
    codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$DMG"
fi

# ---- 3. Notarisation and stapling (needs a signed build) -------------------------------------
# (No empty-array expansion below: macOS's bash 3.2 treats it as unset under `set -u`.)
NOTARY=(none)
if [ -n "${MACOS_NOTARY_PROFILE:-}" ]; then
    NOTARY=(--keychain-profile "$MACOS_NOTARY_PROFILE")
elif [ -n "${MACOS_NOTARY_APPLE_ID:-}" ] && [ -n "${MACOS_NOTARY_TEAM_ID:-}" ] && [ -n "${MACOS_NOTARY_PASSWORD:-}" ]; then
    NOTARY=(--apple-id "$MACOS_NOTARY_APPLE_ID" --team-id "$MACOS_NOTARY_TEAM_ID" --password "$MACOS_NOTARY_PASSWORD")
fi
if [ "${NOTARY[0]}" = none ]; then
    echo "Notarisation skipped: set MACOS_NOTARY_PROFILE, or MACOS_NOTARY_APPLE_ID, MACOS_NOTARY_TEAM_ID and MACOS_NOTARY_PASSWORD."
elif [ "$SIGNED" != yes ]; then
    echo "Notarisation skipped: Apple notarises only Developer ID-signed code (set MACOS_SIGN_IDENTITY)."
else
    xcrun notarytool submit "$DMG" "${NOTARY[@]}" --wait
    # stapler fails unless the submission was Accepted; `xcrun notarytool log <id>` says why.
    xcrun stapler staple "$DMG"
    xcrun stapler validate "$DMG"
fi

echo "Built $DMG"
