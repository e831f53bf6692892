#!/usr/bin/env bash
# Linux .deb recipe: wraps the PyInstaller one-folder build into /opt/fieldkit with a desktop entry.
# usage: bash installer/build_deb.sh   (needs pyinstaller and dpkg-deb)
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(python -c "import fieldkit; print(fieldkit.__version__)")
pyinstaller installer/fieldkit.spec --noconfirm
pkg=build/deb/fieldkit_${version}_amd64
rm -rf "$pkg"; mkdir -p "$pkg/DEBIAN" "$pkg/opt" "$pkg/usr/bin" "$pkg/usr/share/applications"
cp -r dist/fieldkit "$pkg/opt/fieldkit"
ln -s /opt/fieldkit/fieldkit "$pkg/usr/bin/fieldkit"
cat > "$pkg/DEBIAN/control" <<CTRL
Package: fieldkit
Version: ${version}
Architecture: amd64
Maintainer: FieldKit team
Depends: libegl1, libxkbcommon-x11-0, libxcb-cursor0, libfontconfig1
Description: FieldKit 企业服务助手 — offline-first field-service tool for industrial-zone staff
CTRL
cat > "$pkg/usr/share/applications/fieldkit.desktop" <<DESK
[Desktop Entry]
Type=Application
Name=FieldKit 企业服务助手
Exec=/opt/fieldkit/fieldkit
Categories=Office;
DESK
dpkg-deb --build "$pkg"
