"""Link-preview images: one 1200 × 630 PNG per claim (the claim, who said it and when, the verdict badge).

Shared links show them (og:image, twitter:card summary_large_image). They are drawn with Pillow from two system
fonts (WenQuanYi Micro Hei for the text, CJK included; DejaVu Sans Bold for the badge), never fetched, and are
byte-identical for the same claim, verdict, fonts and Pillow version. Each image is cached under
.cache/previews/ by a hash of everything it is drawn from, so a warm build reads it instead of drawing it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
from functools import lru_cache
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont

from generator.verdicts.labels import COLOURS, ICONS, LABELS

SIZE = (1200, 630)
DRAWING_VERSION = "1"
"""Part of the cache key: bump it when the drawing below changes."""

TEXT_FONTS = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",)
BADGE_FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",)
FONT_HELP = ("link-preview images need the fonts WenQuanYi Micro Hei and DejaVu Sans Bold: on Debian or Ubuntu, "
             "`apt-get install fonts-wqy-microhei fonts-dejavu-core` (`make site` does it); elsewhere set "
             "REALITY_CHECK_TEXT_FONT and REALITY_CHECK_BADGE_FONT to font files")

INK, MUTED, BAND = "#1a1a2e", "#555566", "#3f51b5"


class PreviewFontMissing(RuntimeError):
    pass


def _font_file(variable: str, candidates: tuple[str, ...]) -> Path:
    for path in ([os.environ[variable]] if os.environ.get(variable) else []) + list(candidates):
        if Path(path).is_file():
            return Path(path)
    raise PreviewFontMissing(FONT_HELP)


@lru_cache(maxsize=1)
def fonts() -> tuple[Path, Path, str]:
    """(text font, badge font, a digest of both files and Pillow's version for the cache key)."""
    text, badge = _font_file("REALITY_CHECK_TEXT_FONT", TEXT_FONTS), _font_file("REALITY_CHECK_BADGE_FONT", BADGE_FONTS)
    digest = hashlib.sha256()
    for path in (text, badge):
        digest.update(path.read_bytes())
    digest.update(PIL.__version__.encode())
    return text, badge, digest.hexdigest()


@lru_cache(maxsize=16)
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def _has_glyph(font: ImageFont.FreeTypeFont, char: str) -> bool:
    """Whether the font draws `char` as something other than its missing-glyph box."""
    def ink(c: str) -> bytes:
        im = Image.new("L", (64, 64))
        ImageDraw.Draw(im).text((8, 8), c, font=font, fill=255)
        return im.tobytes()
    return ink(char) != ink("\ue000")


#: One wrap unit: a CJK character, a run of other non-space characters, or a run of spaces.
_UNITS = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+|\s+")


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """Lines that fit `width` pixels: break between words, between CJK characters, and inside a word too long for
    a line; the last line ends in '…' when the text does not fit."""
    lines, line = [], ""
    for unit in _UNITS.findall(" ".join(text.split())):
        if font.getlength(line + unit) <= width:
            line += unit
            continue
        if unit.isspace():
            lines.append(line)
            line = ""
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = ""
        for char in unit:  # a unit wider than a line: break by character
            if line and font.getlength(line + char) > width:
                lines.append(line)
                line = ""
            line += char
    if line.strip():
        lines.append(line.rstrip())
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and font.getlength(last + "…") > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines


def draw(claim_text: str, who: str, when: str, verdict: str, site_name: str) -> bytes:
    """The PNG for one claim."""
    text_font, badge_font, _ = fonts()
    image = Image.new("RGB", SIZE, "#ffffff")
    d = ImageDraw.Draw(image)
    d.rectangle((0, 0, SIZE[0], 12), fill=BAND)
    d.text((60, 44), site_name, font=_font(text_font, 30), fill=BAND)

    big = _font(badge_font, 40)
    icon = ICONS[verdict]
    label = (f"{icon} " if _has_glyph(big, icon) else "") + LABELS[verdict]
    left, top, right, bottom = d.textbbox((0, 0), label, font=big)
    pad_x, pad_y = 28, 14
    box = (60, 100, 60 + right - left + 2 * pad_x, 100 + bottom - top + 2 * pad_y)
    d.rounded_rectangle(box, radius=(box[3] - box[1]) // 2, fill=COLOURS[verdict])
    d.text((box[0] + pad_x - left, box[1] + pad_y - top), label, font=big, fill="#ffffff")

    quote_font = _font(text_font, 44)
    y = top_of_quote = box[3] + 36
    for line in wrap(claim_text, quote_font, SIZE[0] - 150, 5):
        d.text((90, y), line, font=quote_font, fill=INK)
        y += 58
    d.rectangle((60, top_of_quote + 6, 67, y - 6), fill=BAND)  # a quotation bar, as on the page
    small = _font(text_font, 28)
    footer = wrap(f"— {who}, {when}", small, SIZE[0] - 120, 2)
    y = SIZE[1] - 40 - 38 * len(footer)
    for line in footer:
        d.text((60, y), line, font=small, fill=MUTED)
        y += 38
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)  # no text chunks, no timestamps: the same bytes every build
    return out.getvalue()


def preview(cache_dir: Path | None, claim_text: str, who: str, when: str, verdict: str, site_name: str) -> bytes:
    """The claim's PNG, from the cache when everything it is drawn from is unchanged."""
    key_fields = [DRAWING_VERSION, fonts()[2], claim_text, who, when, verdict, site_name, COLOURS[verdict]]
    key = hashlib.sha256(json.dumps(key_fields, ensure_ascii=False).encode()).hexdigest()[:32]
    path = cache_dir / f"{key}.png" if cache_dir else None
    if path and path.is_file():
        return path.read_bytes()
    png = draw(claim_text, who, when, verdict, site_name)
    if path:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(png)
            tmp.replace(path)  # atomic: parallel workers never read half a file
        except OSError:
            pass  # a read-only checkout still builds, drawing every time
    return png
