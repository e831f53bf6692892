"""Pictures placed on forms: photos downscaled (a 12-megapixel photo would make a 5 MB page and a
slow print), signatures kept as PNG with their transparency, both fitted into a box."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageOps
from reportlab.platypus import Image

#: longest side of an embedded photo, in pixels, whatever its box
PHOTO_MAX_PX = 1200
#: resolution photos are embedded at: plenty for a photo on an office printer
PHOTO_DPI = 200


def _fit(w: float, h: float, box_w: float, box_h: float) -> tuple[float, float]:
    scale = min(box_w / w, box_h / h)
    return w * scale, h * scale


def photo_flowable(source: Path | bytes, box_w: float, box_h: float) -> Image | None:
    """A photo as a JPEG fitted into ``box_w`` × ``box_h`` points at ``PHOTO_DPI``; None if it
    cannot be read. Decoding a phone photo at full size is the slow part of a visit record, so a
    JPEG is decoded at a reduced scale (``draft``) straight to about the size it is printed at."""
    limit = min(PHOTO_MAX_PX, round(max(box_w, box_h) / 72 * PHOTO_DPI))
    try:
        with PILImage.open(io.BytesIO(source) if isinstance(source, bytes) else source) as im:
            im.draft("RGB", (limit, limit))  # JPEG: decode at 1/2, 1/4 or 1/8 scale when that is enough
            img = ImageOps.exif_transpose(im)
            img = img.convert("RGB")
            img.thumbnail((limit, limit), PILImage.Resampling.BILINEAR, reducing_gap=2.0)
            buf = io.BytesIO()
            img.save(buf, "JPEG", quality=85)
            w, h = img.size
    except (OSError, ValueError, PILImage.DecompressionBombError):
        return None
    buf.seek(0)
    dw, dh = _fit(w, h, box_w, box_h)
    return Image(buf, width=dw, height=dh)


def signature_flowable(source: Path | bytes, box_w: float, box_h: float) -> Image | None:
    """The signature drawn on screen (PNG, transparent background) fitted into the box."""
    try:
        with PILImage.open(io.BytesIO(source) if isinstance(source, bytes) else source) as im:
            img = im.convert("RGBA") if im.mode not in ("RGBA", "LA") else im.copy()
    except (OSError, ValueError, PILImage.DecompressionBombError):
        return None
    bbox = img.getchannel("A").getbbox() if img.mode in ("RGBA", "LA") else None
    if bbox:  # trim the empty margin of the drawing pad so the strokes fill the box
        img = img.crop(bbox)
    img.thumbnail((900, 400))
    buf = io.BytesIO()
    img.save(buf, "PNG", compress_level=1)  # reportlab re-compresses the pixels anyway
    buf.seek(0)
    dw, dh = _fit(*img.size, box_w, box_h)
    return Image(buf, width=dw, height=dh, mask="auto")
