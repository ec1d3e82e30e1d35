"""Link-preview images: one 1200 × 630 PNG per claim, byte-identical between builds, cached by content, CJK drawn."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from generator.site import previews
from generator.site.pages import og_title


def test_a_preview_is_a_1200_by_630_png_and_the_same_bytes_every_time():
    args = ("Llama 4 Scout fits on a single H100 GPU (with Int4 quantization)", "Meta", "2025-04-05", "accurate",
            "LLM Reality Check")
    first, second = previews.draw(*args), previews.draw(*args)
    assert first == second
    image = Image.open(io.BytesIO(first))
    assert image.format == "PNG" and image.size == (1200, 630)
    # The badge is drawn in the verdict's colour.
    colours = {c for _, c in image.getcolors(1_000_000)}
    assert tuple(int(previews.COLOURS["accurate"][i:i + 2], 16) for i in (1, 3, 5)) in colours
    assert previews.draw(*args[:3], "false", args[4]) != first


def test_chinese_quotes_are_drawn_with_real_glyphs():
    text_font, _, _ = previews.fonts()
    font = previews._font(text_font, 44)
    for char in "但细究实际情况仍属于超大参数模型需要顶级的支持":
        assert previews._has_glyph(font, char), char


def test_wrapping_breaks_between_cjk_characters_and_ends_with_an_ellipsis():
    text_font, _, _ = previews.fonts()
    font = previews._font(text_font, 44)
    lines = previews.wrap("但细究实际情况,Gemma 3仍属于超大参数模型,需要顶级GPU的支持才能取得理想性能。" * 4, font, 1050, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(font.getlength(line) <= 1050 for line in lines)


def test_the_cache_returns_the_drawn_image_without_drawing_again(tmp_path, monkeypatch):
    args = ("A claim", "Someone", "2025-01-01", "false", "LLM Reality Check")
    png = previews.preview(tmp_path, *args)
    assert len(list(tmp_path.glob("*.png"))) == 1
    monkeypatch.setattr(previews, "draw", lambda *a: pytest.fail("drew again despite the cache"))
    assert previews.preview(tmp_path, *args) == png
    # A different verdict is a different image: a new key, so it is drawn.
    with pytest.raises(pytest.fail.Exception):
        previews.preview(tmp_path, *args[:3], "accurate", args[4])


def test_a_missing_font_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(previews, "TEXT_FONTS", ("/nonexistent/font.ttc",))
    monkeypatch.delenv("REALITY_CHECK_TEXT_FONT", raising=False)
    previews.fonts.cache_clear()
    try:
        with pytest.raises(previews.PreviewFontMissing, match="apt-get install fonts-wqy-microhei"):
            previews.fonts()
    finally:
        previews.fonts.cache_clear()


def test_every_claim_has_a_preview_and_a_short_og_title(catalog, built_site):
    site = built_site["dir"]
    for claim in catalog.claims.values():
        png = site / "previews" / f"{claim.id}.png"
        assert png.is_file() and Image.open(png).size == (1200, 630), claim.id
        assert len(og_title(claim)) < 70, claim.id
        html = (site / "claims" / claim.id / "index.html").read_text(encoding="utf-8")
        assert f'content="https://llm-reality-check.github.io/previews/{claim.id}.png"' in html


def test_badge_colours_on_the_pages_and_in_the_images_are_the_same():
    import re
    from pathlib import Path

    css = (Path(__file__).resolve().parent.parent / "docs" / "assets" / "site.css").read_text()
    assert dict(re.findall(r"\.rc-badge--([a-z-]+) \{ background-color: (#[0-9a-f]{6}); \}", css)) == previews.COLOURS
