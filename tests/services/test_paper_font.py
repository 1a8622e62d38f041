"""The papers' font is parsed once per process and shared by every document (app/services/papers/font.py):
each document must still embed every glyph it draws, however many documents came before it."""
from __future__ import annotations

from app.services.papers.document import PaperPdf
from tests.pdf_reading import outlined_glyphs, page_texts

FIRST = "人民调解协议书：甲方赔偿乙方维修费用"
SECOND = "回访记录：履行情况良好，双方满意，无遗留风险"  # mostly other characters than FIRST


def _render(body: str) -> bytes:
    pdf = PaperPdf("字形")
    pdf.add_page()
    pdf.paragraph(body)
    return bytes(pdf.output())


def _drawn(body: str) -> int:
    """Distinct characters with an outline on the page: the body's and the footer's (第 1 页)."""
    return len(set(body + "第1页") - set(" 　"))


def test_documents_rendered_one_after_another_each_embed_the_glyphs_they_use():
    alone = _render(SECOND)
    first = _render(FIRST)
    second = _render(SECOND)
    for body, data in ((FIRST, first), (SECOND, second)):
        [glyphs] = outlined_glyphs(data)
        assert glyphs >= _drawn(body), "a glyph the document draws is missing from its embedded font"
        assert page_texts(data)[0].startswith(body.replace(" ", ""))
    assert outlined_glyphs(second) == outlined_glyphs(alone), "the same paper embeds the same glyphs whatever came before"
    assert outlined_glyphs(first)[0] < _drawn(FIRST) + _drawn(SECOND), "each embeds a subset of its own, not the sum"
