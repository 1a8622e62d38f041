"""Reading a generated PDF as a person and an inspector would: its text, its ink, its fonts, its images."""
from __future__ import annotations

import io
import re

import pypdf
import pypdfium2 as pdfium

SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


def page_texts(data: bytes) -> list[str]:
    """Each page's text, whitespace removed (CJK text has no spaces to keep)."""
    document = pdfium.PdfDocument(data)
    try:
        return [re.sub(r"\s+", "", document[index].get_textpage().get_text_bounded())
                for index in range(len(document))]
    finally:
        document.close()


def page_lines(data: bytes, index: int) -> list[str]:
    """One page's text lines, each with its runs of whitespace made one space."""
    document = pdfium.PdfDocument(data)
    try:
        text = document[index].get_textpage().get_text_bounded()
        return [re.sub(r"\s+", " ", line).strip() for line in text.splitlines() if line.strip()]
    finally:
        document.close()


def ink_ratios(data: bytes, scale: float = 0.4) -> list[float]:
    """Each page rendered to a bitmap: the share of its pixels that are not white."""
    document = pdfium.PdfDocument(data)
    try:
        ratios = []
        for index in range(len(document)):
            image = document[index].render(scale=scale).to_pil().convert("L")
            histogram = image.histogram()
            ratios.append(1 - sum(histogram[250:]) / (image.width * image.height))
        return ratios
    finally:
        document.close()


def embedded_fonts(data: bytes) -> list[tuple[str, bool]]:
    """Every font the pages use: its base name, and whether its program is embedded in the file."""
    found = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descendant = descendant.get_object()
                descriptor = descendant["/FontDescriptor"].get_object()
                embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
                found.append((str(descendant["/BaseFont"]), embedded))
    return found


def image_count(data: bytes) -> int:
    return sum(len(page.images) for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def outlined_glyphs(data: bytes) -> list[int]:
    """For each CFF font program embedded in the file (`FontFile3`): how many of its glyphs draw an outline."""
    from fontTools.cffLib import CFFFontSet
    from fontTools.pens.boundsPen import BoundsPen

    programs = {}
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            for descendant in font.get_object().get("/DescendantFonts", [font]):
                program = descendant.get_object()["/FontDescriptor"].get_object().get("/FontFile3")
                if program is not None:
                    programs[program.idnum] = program.get_object().get_data()
    counts = []
    for program in programs.values():
        fonts = CFFFontSet()
        fonts.decompile(io.BytesIO(program), None)
        charstrings = fonts[fonts.fontNames[0]].CharStrings
        drawn = 0
        for name in charstrings.keys():
            pen = BoundsPen(None)
            charstrings[name].draw(pen)
            drawn += pen.bounds is not None
        counts.append(drawn)
    return counts
