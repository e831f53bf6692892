"""The CJK font every document embeds (WenQuanYi Zen Hei, shipped in ``resources/fonts``).

reportlab embeds TrueType outlines and subsets them automatically, so each PDF carries only the
glyphs it uses (``ABCDEF+WenQuanYiZenHei`` in ``pdffonts``) and prints the same on any computer.
The TTC is parsed once per process (about 0.3 s); registration is idempotent and thread-safe
because documents are generated on worker threads.
"""

from __future__ import annotations

import threading

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from fieldkit.config import font_path

#: the name documents use in styles; bold/italic map to the same face (Zen Hei has one weight)
FONT = "FieldKitCJK"

_lock = threading.Lock()
_registered = False

#: Chinese punctuation that must not begin a line (GB/T 15834 标点符号用法 / 禁则). reportlab's
#: list comes from Japanese typography and lacks the full-width ，：；！？ used in Chinese text.
CANNOT_START = "，。、；：！？）》」』】〕〉’”…—～·％,.;:!?)]}%"


def _extend_line_start_rules() -> None:
    """Teach reportlab's CJK line breaker (``wordWrap='CJK'``) the Chinese rules: such a character
    hangs at the end of the previous line (标点悬挂) instead of starting a new one."""
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    for module in (textsplit, paragraph):  # one-fragment paragraphs use textsplit.dumbSplit
        current = module.ALL_CANNOT_START
        missing = "".join(ch for ch in CANNOT_START if ch not in current)
        if missing:
            module.ALL_CANNOT_START = current + missing


def register_fonts() -> str:
    """Register the shipped CJK font with reportlab (once) and return its name."""
    global _registered
    if _registered:
        return FONT
    with _lock:
        if not _registered:
            path = font_path()
            if not path.exists():
                raise FileNotFoundError(f"缺少字体文件：{path}")
            pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(FONT, bold, italic, FONT)
            _extend_line_start_rules()
            # photos are binary streams anyway: ASCII85 would only make every PDF a quarter larger
            rl_config.useA85 = 0
            _registered = True
    return FONT


def text_width(text: str, size: float) -> float:
    """Width in points of ``text`` set in the CJK font at ``size``."""
    return float(pdfmetrics.stringWidth(text, register_fonts(), size))
