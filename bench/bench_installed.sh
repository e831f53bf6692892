#!/usr/bin/env bash
# Start-up of the installed desktop app (/usr/bin/fieldkit from the .deb) against the same program run
# from the source tree (python -m fieldkit), both on one demo store, offscreen, with the start-up probe
# (FIELDKIT_STARTUP shown=<s> usable=<s> rss_mb=<MB> cpu=<s>). The first start of the installed copy is
# its cold start (files not yet in the page cache, right after installing). Also prints the bundle size.
# usage: bash bench/bench_installed.sh [runs]   (needs the fieldkit .deb installed)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
folder=$(mktemp -d /tmp/fieldkit-bench-installed.XXXXXX)
trap 'rm -rf "$folder"' EXIT
export QT_QPA_PLATFORM=offscreen FIELDKIT_STARTUP_PROBE=1
echo "bundle: $(du -sm /usr/lib/fieldkit | cut -f1) MB installed; package $(du -m build/deb/fieldkit_*-1_*.deb 2>/dev/null | cut -f1 | head -1) MB"
probe() { "$@" --data-dir "$folder" --demo 2>/dev/null | grep '^FIELDKIT_STARTUP' ; }
echo "installed, first start (creates the demo store):"; probe /usr/bin/fieldkit
for i in $(seq "$runs"); do echo -n "installed #$i: "; probe /usr/bin/fieldkit; done
for i in $(seq "$runs"); do echo -n "source    #$i: "; probe python -m fieldkit; done
