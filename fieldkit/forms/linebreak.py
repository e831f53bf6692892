"""Line breaking of plain Chinese text for ledger cells, fast enough for 10,000-row ledgers.

reportlab's ``Paragraph`` parses markup and measures every character through several layers
for every cell; a ledger cell is plain text in one font, so this breaks it directly with cached
character widths. Rules (GB/T 15834 标点 and the usual 禁则):

- a line may break between any two Chinese characters;
- runs of Latin letters and digits (words, numbers, dates, URLs) are kept whole unless longer
  than a line;
- closing punctuation (，。、；：！？）》 …) never starts a line: it hangs at the end of the
  previous one (标点悬挂);
- opening punctuation (（《“ …) never ends a line: it moves down with what it opens.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics

from .fonts import CANNOT_START, register_fonts

CANNOT_END = "（《“‘【〔「『〈([{"
_TOKENS = re.compile(r"[A-Za-z0-9][A-Za-z0-9@._%+\-/:#&=?~]*|[ \t]+|.", re.S)


@lru_cache(maxsize=1)
def _metrics() -> tuple[dict[int, float], float]:
    face = pdfmetrics.getFont(register_fonts()).face
    return face.charWidths, float(face.defaultWidth)


@lru_cache(maxsize=100_000)
def unit_width(text: str) -> float:
    """Width of ``text`` at font size 1 (cached: ledgers repeat names, dates and states)."""
    widths, default = _metrics()
    return sum(widths.get(ord(c), default) for c in text) * 0.001


def break_lines(text: str, width: float, size: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` points at ``size`` (hanging punctuation
    excepted); explicit line breaks are kept. Never loses a character."""
    if not text:
        return [""]
    avail = width / size  # compare in font-size-1 units
    out: list[str] = []
    for para in text.replace("\r\n", "\n").split("\n"):
        if unit_width(para) <= avail:
            out.append(para)
            continue
        tokens: list[str] = []
        for tok in _TOKENS.findall(para):
            if len(tok) > 1 and unit_width(tok) > avail:
                tokens.extend(tok)  # a run longer than a line is cut by characters
            else:
                tokens.append(tok)
        line = ""
        used = 0.0
        first = len(out)
        for tok in tokens:
            if not line and len(out) > first and len(tok) == 1 and tok in CANNOT_START:
                out[-1] += tok  # a second closing mark (”。) hangs with the first
                continue
            w = unit_width(tok)
            if used + w <= avail + 1e-9 or not line:
                line += tok
                used += w
                continue
            if tok[0] in CANNOT_START and len(tok) == 1:
                out.append(line + tok)  # hangs in the margin
                line, used = "", 0.0
                continue
            if tok.isspace():
                out.append(line.rstrip())
                line, used = "", 0.0
                continue
            carry = ""
            while len(line) > 1 and line[-1] in CANNOT_END and len(carry) < 2:
                carry = line[-1] + carry
                line = line[:-1]
            out.append(line.rstrip())
            line = carry + tok
            used = unit_width(line)
        out.append(line)
    return out
