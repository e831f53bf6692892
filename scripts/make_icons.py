"""Render resources/icons/fieldkit.svg into the PNG sizes of the hicolor theme and a Windows .ico.

usage: python scripts/make_icons.py   (commit the results; the build scripts only copy them)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 (QImage painting needs a GUI application)
    renderer = QSvgRenderer(str(ICONS / "fieldkit.svg"))
    if not renderer.isValid():
        print("fieldkit.svg is not a valid SVG", file=sys.stderr)
        return 1
    pngs = []
    for size in SIZES:
        img = QImage(size, size, QImage.Format.Format_ARGB32)
        img.fill(Qt.GlobalColor.transparent)
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(p)
        p.end()
        out = ICONS / f"fieldkit-{size}.png"
        img.save(str(out))
        pngs.append(out)
        print(out.name)
    big = Image.open(ICONS / "fieldkit-256.png")
    big.save(ICONS / "fieldkit.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    print("fieldkit.ico")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
