"""The 卷宗 as one PDF: cover, 卷内目录 (each paper with the page it starts on), the papers held, the photos."""
from __future__ import annotations

import io

from fpdf.enums import XPos, YPos
from fpdf.outline import OutlineSection

from app.catalogue import CATALOGUE
from app.services.papers.case_file import CaseFile
from app.services.papers.document import LINE, PaperPdf, day, text
from app.services.papers.font import FAMILY
from app.services.papers.images import PaperImage
from app.services.papers.papers import PAPER_DRAWERS, committee_name, party_names
from sync.dossier import PATHS, completeness

TOC_TITLE = "卷内目录"
PHOTOS_TITLE = "证据及照片"


def draw_dossier(pdf: PaperPdf, case: CaseFile, signatures: list[PaperImage], photos: list[PaperImage]) -> None:
    """The papers present in the file, in the rules' order; the 卷内目录 is filled in once their pages are known."""
    status = completeness(case.records())
    _cover(pdf, case, status["path"])
    pdf.add_page()
    pdf.insert_toc_placeholder(lambda toc_pdf, outline: _contents(toc_pdf, outline, status), pages=1)
    for item in status["items"]:
        if item["present"] and item["paper"] in PAPER_DRAWERS:
            PAPER_DRAWERS[item["paper"]](pdf, case, signatures)
    if photos:
        _photos(pdf, photos)


def _cover(pdf: PaperPdf, case: CaseFile, path: str) -> None:
    dispute = case.dispute
    pdf.number_pages_from = 2
    pdf.add_page()
    pdf.set_font(FAMILY, size=16)
    pdf.cell(0, 12, committee_name(case), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(18)
    pdf.set_font(FAMILY, size=30)
    pdf.cell(0, 20, "人民调解卷宗", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(20)
    pdf.set_font(FAMILY, size=13)
    outcome = next(p["label"] for p in PATHS if p["path"] == path)
    status = next(label for code, label, _ in CATALOGUE["status"] if code == dispute.status)
    for label, value in (("案　　号", dispute.case_no), ("纠纷名称", dispute.title), ("当 事 人", party_names(case)),
                         ("调 解 员", case.mediator_name), ("受理日期", day(dispute.accepted_at)),
                         ("结案日期", day(dispute.closed_at) if dispute.closed_at else None),
                         ("调解结果", f"{outcome}（{status}）")):
        pdf.set_x(pdf.l_margin + 15)
        pdf.multi_cell(140, LINE + 3, f"{label}：{text(value)}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, size=11)


def _contents(pdf: PaperPdf, outline: list[OutlineSection], status: dict) -> None:
    """The 卷内目录: number, paper, the page it starts on; then what the file still lacks."""
    pdf.set_x(pdf.l_margin)
    pdf.set_font(FAMILY, size=20)
    pdf.cell(0, 14, TOC_TITLE, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, size=11)
    with pdf.table(col_widths=(18, 122, 30), first_row_as_headings=False, line_height=LINE + 1,
                   text_align=("CENTER", "LEFT", "CENTER")) as table:
        table.row(("序号", "文书名称", "页号"))
        for number, section in enumerate(outline, start=1):
            table.row((str(number), section.name, str(section.page_number)))
    required = [item for item in status["items"] if item["required"]]
    missing = [item["label"] for item in required if not item["present"]]
    pdf.ln(4)
    summary = f"卷宗完整度：{len(required) - len(missing)}/{len(required)}"
    pdf.multi_cell(0, LINE, summary + (f" · 缺{'、'.join(missing)}" if missing else " · 齐全"),
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _photos(pdf: PaperPdf, photos: list[PaperImage]) -> None:
    """Two photos to a page, each with its caption."""
    slot = (pdf.h - pdf.t_margin - pdf.b_margin - 30) / 2
    for index, photo in enumerate(photos):
        if index == 0:
            pdf.paper_title(PHOTOS_TITLE)
        elif index % 2 == 0:
            pdf.add_page()
        pdf.image(io.BytesIO(photo.data), x=pdf.l_margin, w=pdf.epw, h=slot - LINE - 4, keep_aspect_ratio=True)
        pdf.cell(0, LINE, photo.caption or "", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
