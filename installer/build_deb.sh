#!/usr/bin/env bash
# Linux packages from the PyInstaller bundles: build/deb/fieldkit_<version>-<rev>_<arch>.deb (the desktop
# app: /usr/lib/fieldkit, `fieldkit` on PATH, desktop entry, hicolor icons) and
# build/deb/fieldkit-server_<version>-<rev>_<arch>.deb (/usr/lib/fieldkit-server, `fieldkit-server` on PATH,
# service user `fieldkit`, systemd unit, /etc/fieldkit-server/server.env, /var/lib/fieldkit-server,
# logrotate). Depends are computed by dpkg-shlibdeps from the bundled ELF files.
# usage: bash installer/build_deb.sh [--revision N] [--no-bundle]
#   --revision N   Debian revision (default 1): a higher one upgrades an installed package
#   --no-bundle    use build/dist as it is (do not run installer/build_bundle.sh)
# needs: pyinstaller (unless --no-bundle), dpkg-deb, dpkg-shlibdeps (dpkg-dev), fakeroot
# FIELDKIT_SHLIBDEPS_CACHE (default ~/.cache/fieldkit-shlibdeps) keeps dpkg-shlibdeps' results by a hash of the
# ELF files and of the system's packages; FIELDKIT_SHLIBDEPS_NOCACHE=1 recomputes them.
# FIELDKIT_DEB_MAINTAINER="Name <address>" names the packages' maintainer (the zone's IT department that
# builds and hands them out); without it the placeholder below is used and lintian says so.
set -euo pipefail
cd "$(dirname "$0")/.."
revision=1
bundle=1
maintainer=${FIELDKIT_DEB_MAINTAINER:-FieldKit team <fieldkit@example.com>}
while [ $# -gt 0 ]; do
  case $1 in
    --revision) revision=$2; shift 2 ;;
    --no-bundle) bundle=0; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
version=$(python -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
arch=$(dpkg --print-architecture)
[ "$bundle" = 1 ] && bash installer/build_bundle.sh
out=build/deb
mkdir -p "$out"

shlibs_cache=${FIELDKIT_SHLIBDEPS_CACHE:-$HOME/.cache/fieldkit-shlibdeps}
# Depends of the bundle's ELF files on the system's libraries (those the bundle does not carry)
shlib_depends() {
  local tree=$1 work files libdirs result key prefix
  work=$(mktemp -d)
  mkdir -p "$work/debian"
  printf 'Source: fieldkit\n\nPackage: fieldkit\nArchitecture: any\n' > "$work/debian/control"
  # Qt's optional plugins (Wayland, the GTK 3 theme, EGLFS/KMS, VNC, linuxfb) are loaded only where their
  # system libraries exist, and Qt falls back otherwise (xcb, its own dialogs): they make no Depends
  # (their libraries are the desktop package's Recommends)
  mapfile -t files < <(python3 - "$(pwd)/$tree" <<'PY'
import os, sys
skip = ("/wayland-", "/platformthemes/", "/egldeviceintegrations/", "libqwayland", "libqeglfs", "libqvnc",
        "libqlinuxfb", "libqminimalegl", "libQt6Wayland", "libQt6Wl", "libQt6EglFs")
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        path = os.path.join(folder, name)
        if os.path.islink(path) or any(s in path for s in skip):
            continue
        with open(path, "rb") as fh:
            if fh.read(4) == b"\x7fELF":
                print(path)
PY
)
  # the result is a function of the ELF files and of the system's packages (their shlibs/symbols files):
  # kept in a cache under a hash of both, so that a bundle rebuilt for a change of FieldKit's own Python
  # code (which leaves every ELF file as it was) is not scanned again (minutes: docs/benchmarks.md)
  prefix="$(pwd)/$tree/"
  key=$(
    {
      (cd "$tree" && printf '%s\n' "${files[@]#"$prefix"}" | LC_ALL=C sort | xargs -d '\n' sha256sum)
      dpkg-query -W -f='${Package} ${Version} ${Architecture}\n' | LC_ALL=C sort
    } | sha256sum | cut -c1-16
  )
  if [ -z "${FIELDKIT_SHLIBDEPS_NOCACHE:-}" ] && [ -s "$shlibs_cache/$key" ]; then
    rm -rf "$work"
    cat "$shlibs_cache/$key"
    return 0
  fi
  libdirs=$(find "$(pwd)/$tree" -name '*.so*' -printf '%h\n' | sort -u | sed 's/^/-l/' | tr '\n' ' ')
  # shellcheck disable=SC2086
  result=$(cd "$work" && dpkg-shlibdeps -O --ignore-missing-info --warnings=0 $libdirs "${files[@]}" \
    2> "$work/errors" | sed -n 's/^shlibs:Depends=//p') || true
  if [ -z "$result" ]; then
    echo "dpkg-shlibdeps failed for $tree:" >&2; tail -n 20 "$work/errors" >&2; rm -rf "$work"; return 1
  fi
  rm -rf "$work"
  mkdir -p "$shlibs_cache"
  printf '%s\n' "$result" > "$shlibs_cache/$key.tmp" && mv "$shlibs_cache/$key.tmp" "$shlibs_cache/$key"
  echo "$result"
}

doc() {  # /usr/share/doc/<pkg>: copyright and changelog, as lintian asks; lintian's overrides
  local root=$1 name=$2
  mkdir -p "$root/usr/share/doc/$name"
  install -D -m 644 installer/deb/lintian-overrides "$root/usr/share/lintian/overrides/$name"
  sed -i "s/^PKG:/$name:/" "$root/usr/share/lintian/overrides/$name"
  cat > "$root/usr/share/doc/$name/copyright" <<COPY
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: FieldKit

Files: *
Copyright: FieldKit team
License: proprietary
 All rights reserved. Bundled third-party components keep their own licences, listed in the
 program's About dialog; the WenQuanYi Zen Hei font is GPL-2 with a font embedding exception
 (/usr/lib/fieldkit/_internal/resources/fonts/LICENSE-wqy-zenhei.txt).
COPY
  printf '%s (%s-%s) stable; urgency=medium\n\n  * Release %s.\n\n -- %s  %s\n' \
    "$name" "$version" "$revision" "$version" "$maintainer" "$(date -R -d @"${SOURCE_DATE_EPOCH:-$(date +%s)}")" \
    | gzip -9n > "$root/usr/share/doc/$name/changelog.Debian.gz"
  cp docs/install.md "$root/usr/share/doc/$name/install.md" 2>/dev/null || true
}

control() {  # name depends description...
  local root=$1 name=$2 depends=$3 summary=$4 body=$5
  local size
  size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
  cat > "$root/DEBIAN/control" <<CTRL
Package: $name
Version: $version-$revision
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $size
Depends: $depends
${recommends:+Recommends: $recommends
}Section: misc
Priority: optional
Homepage: https://fieldkit.invalid/
Description: $summary
$body
CTRL
}

# ---- the desktop app -------------------------------------------------------------------------------
pkg=$out/fieldkit_${version}-${revision}_${arch}
rm -rf "$pkg"; mkdir -p "$pkg/DEBIAN" "$pkg/usr/lib" "$pkg/usr/bin" "$pkg/usr/share/applications"
cp -a build/dist/fieldkit "$pkg/usr/lib/fieldkit"
find "$pkg/usr/lib/fieldkit" -type f -name '*.so*' -exec chmod 644 {} +  # loaded, never run
ln -s ../lib/fieldkit/fieldkit "$pkg/usr/bin/fieldkit"
install -m 644 installer/deb/fieldkit.desktop "$pkg/usr/share/applications/fieldkit.desktop"
for size in 16 24 32 48 64 128 256 512; do
  install -D -m 644 "resources/icons/fieldkit-$size.png" "$pkg/usr/share/icons/hicolor/${size}x${size}/apps/fieldkit.png"
done
install -D -m 644 resources/icons/fieldkit.svg "$pkg/usr/share/icons/hicolor/scalable/apps/fieldkit.svg"
doc "$pkg" fieldkit
# libxcb-cursor0: Qt's xcb platform plugin needs it from 6.5 on and loads it at run time (dlopen)
desktop_depends="$(shlib_depends "$pkg/usr/lib/fieldkit")"
desktop_depends="$desktop_depends, libxcb-cursor0, libegl1, libgl1, libfontconfig1, libdbus-1-3"
recommends="libwayland-client0, libwayland-cursor0, libwayland-egl1, libgtk-3-0"
control "$pkg" fieldkit "$desktop_depends" "offline enterprise-service workbench (FieldKit 企业服务助手)" \
" Offline-first desktop tool for the enterprise-service staff of industrial zones
 (产业助理 / 助企干部): enterprise files, visits, demands, policies and proxy
 services, printed ledgers, synchronised with the zone's FieldKit server.
 The user's data stays in the user's data folder (~/.local/share/FieldKit) when
 the package is removed or purged."
find "$pkg" -type d -exec chmod 755 {} +
fakeroot dpkg-deb --build -Zgzip -z6 "$pkg" "$pkg.deb" >/dev/null
echo "deb: $pkg.deb"

# ---- the zone server -------------------------------------------------------------------------------
spkg=$out/fieldkit-server_${version}-${revision}_${arch}
rm -rf "$spkg"; mkdir -p "$spkg/DEBIAN" "$spkg/usr/lib" "$spkg/usr/bin" "$spkg/etc/fieldkit-server"
cp -a build/dist/fieldkit-server "$spkg/usr/lib/fieldkit-server"
find "$spkg/usr/lib/fieldkit-server" -type f -name '*.so*' -exec chmod 644 {} +
ln -s ../lib/fieldkit-server/fieldkit-server "$spkg/usr/bin/fieldkit-server"
install -D -m 644 installer/deb/server/fieldkit-server.service "$spkg/lib/systemd/system/fieldkit-server.service"
install -D -m 644 installer/deb/server/fieldkit-server.logrotate "$spkg/etc/logrotate.d/fieldkit-server"
install -m 640 installer/deb/server/server.env "$spkg/etc/fieldkit-server/server.env"
printf '/etc/fieldkit-server/server.env\n/etc/logrotate.d/fieldkit-server\n' > "$spkg/DEBIAN/conffiles"
for s in postinst prerm postrm; do install -m 755 "installer/deb/server/$s" "$spkg/DEBIAN/$s"; done
doc "$spkg" fieldkit-server
server_depends="$(shlib_depends "$spkg/usr/lib/fieldkit-server")"
recommends="logrotate"  # rotates /var/log/fieldkit-server (installed on any Debian server)
control "$spkg" fieldkit-server "$server_depends, adduser" \
  "FieldKit zone sync server" \
" The FieldKit sync server for an industrial zone's IT department: the laptops'
 data synchronised through it, its administration commands (fieldkit-server admin).
 Runs as the system user fieldkit under systemd (fieldkit-server.service) on
 127.0.0.1:8765 behind a TLS reverse proxy; the embedded SQLite database lives in
 /var/lib/fieldkit-server unless PostgreSQL is configured in
 /etc/fieldkit-server/server.env. Removing keeps the data; purging deletes it."
find "$spkg" -type d -exec chmod 755 {} +
fakeroot dpkg-deb --build -Zgzip -z6 "$spkg" "$spkg.deb" >/dev/null
echo "deb: $spkg.deb"
