#!/usr/bin/env bash
# PyInstaller one-folder bundles of the desktop app (build/dist/fieldkit) and the server
# (build/dist/fieldkit-server), cached by a hash of everything that goes into them.
# usage: bash installer/build_bundle.sh        (needs pyinstaller: pip install pyinstaller)
#   FIELDKIT_BUNDLE_CACHE  cache folder (default ~/.cache/fieldkit-bundle); a bundle built from the
#                          same sources, spec and installed libraries is copied from there (seconds)
#                          instead of rebuilt (about 8 minutes on 2 cores)
#   FIELDKIT_BUNDLE_NOCACHE=1  always rebuild
set -euo pipefail
cd "$(dirname "$0")/.."
cache_root=${FIELDKIT_BUNDLE_CACHE:-$HOME/.cache/fieldkit-bundle}
key=$(
  {
    python -c 'import sys; print(sys.version)'
    python -m pip freeze --exclude-editable 2>/dev/null | LC_ALL=C sort
    git ls-files -s -- fieldkit resources installer pyproject.toml 2>/dev/null || true
    # uncommitted changes count too
    find fieldkit resources installer pyproject.toml -type f ! -name '*.pyc' ! -path '*/__pycache__/*' -print0 \
      | LC_ALL=C sort -z | xargs -0 sha256sum
  } | sha256sum | cut -c1-16
)
cache=$cache_root/$key
rm -rf build/dist/fieldkit build/dist/fieldkit-server
mkdir -p build/dist
if [ -z "${FIELDKIT_BUNDLE_NOCACHE:-}" ] && [ -f "$cache/complete" ]; then
  echo "bundle: cached build $key"
  cp -a "$cache/fieldkit" "$cache/fieldkit-server" build/dist/
  exit 0
fi
echo "bundle: building $key (PyInstaller)"
start=$(date +%s)
pyinstaller installer/fieldkit.spec --noconfirm --log-level WARN \
  --distpath build/dist --workpath build/pyinstaller
echo "bundle: built in $(( $(date +%s) - start )) s"
rm -rf "$cache_root"; mkdir -p "$cache"  # one build kept: a bundle is ~400 MB
cp -a build/dist/fieldkit build/dist/fieldkit-server "$cache/"
touch "$cache/complete"
