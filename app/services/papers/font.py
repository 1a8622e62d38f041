"""The CJK font every paper is set in: Noto Sans SC, from the registry package `pylopdf-fonts-zh-cn`.

The package ships the font file itself (an OpenType font with CFF outlines, SIL OFL 1.1) and nothing we
run; fpdf2 embeds it as a subset (docs/papers.md, The font).

Parsed once per process: fpdf2's `add_font` reads the 8 MB font's character map, widths and glyph ids for
every document. `document_font` gives each document a copy of the parsed font that shares what fpdf2 only
reads (the character map and glyph ids) and makes anew what a document changes: its glyph subset, widths
(a lookup may add an entry), font descriptor (numbered and filled when written), and the fontTools `TTFont`,
which fpdf2 subsets *in place* when it writes the PDF — shared, the first document's subset would strip the
glyphs of every later one. That `TTFont` is opened on the font's bytes without the tables the papers never
use (`UNUSED_TABLES`: OpenType layout, which fpdf2 drops from the subset anyway but decompiles first, and
vertical metrics), so the subsetter does not read them for each document; every glyph stays. Nor does it
recompute the subset's bounding box by drawing each glyph (twice: fpdf2 compiles the subset twice).
"""
from __future__ import annotations

import copy
import functools
import io
from importlib import resources
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

FAMILY = "NotoSansSC"
PACKAGE = "pylopdf_fonts_zh_cn"
FILE = "NotoSansSC-Regular.otf"
UNUSED_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VORG", "DSIG")


def font_path() -> Path:
    path = Path(str(resources.files(PACKAGE).joinpath(FILE)))
    if not path.is_file():
        raise FileNotFoundError(f"{FILE} is missing from the {PACKAGE} package: reinstall requirements.txt")
    return path


@functools.cache
def _font_bytes() -> bytes:
    """The font file without `UNUSED_TABLES`, once per process (the other tables copied byte for byte: none is
    parsed, so none is compiled again)."""
    font = TTFont(font_path(), recalcBBoxes=False, recalcTimestamp=False, lazy=True)
    for tag in UNUSED_TABLES:
        if tag in font:
            del font[tag]
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@functools.cache
def _parsed() -> TTFFont:
    """The font as fpdf2's `add_font` parses it, once per process; never written out itself."""
    holder = FPDF()
    holder.add_font(FAMILY, fname=str(font_path()))
    parsed = holder.fonts[FAMILY.lower()]
    parsed.ttfont = None  # its decompiled tables are not kept: each document opens its own
    return parsed


def document_font(index: int) -> TTFFont:
    """The font for one document (fpdf2's font number `index`)."""
    font = copy.copy(_parsed())
    font.i = index
    font.cw = copy.copy(font.cw)
    font.desc = copy.copy(font.desc)
    # Read when the PDF is written. The subset keeps the whole font's bounding box, which encloses its glyphs
    # (as the descriptor's FontBBox, taken from the whole font, does): not recomputed by drawing every glyph.
    font.ttfont = TTFont(io.BytesIO(_font_bytes()), recalcBBoxes=False, recalcTimestamp=False, lazy=True)
    font.subset = SubsetMap(font)
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font._hbfont = None  # noqa: SLF001 (fpdf2's shaping engine, per document; unused here)
    return font
