"""A case's papers and dossier drawn as PDF (fpdf2, the CJK font through fontTools).

Loaded by the first print, not when a worker starts (`downloads`): the two libraries and the font
tables are ~20 MB of every worker's memory, most of which only ever serve sync
(docs/benchmarks.md, round 9; tests/deploy/test_worker_imports.py).
"""
from __future__ import annotations

from app.errors import ApiError
from app.services.papers.case_file import CaseFile
from app.services.papers.document import PaperPdf
from app.services.papers.dossier import draw_dossier
from app.services.papers.images import ImageReader, attachment_bytes, photo_images, signature_images
from app.services.papers.papers import PAPER_DRAWERS
from sync.dossier import applies, paper_rule

NOT_APPLICABLE = "这个案件没有这份文书。 / This paper does not apply to this case."


def render_paper(case: CaseFile, paper: str, read: ImageReader = attachment_bytes) -> bytes:
    """One paper's PDF; 404 when the paper is not one of this case's (its rule's `applies`)."""
    if paper not in PAPER_DRAWERS or not applies(paper, case.records()):
        raise ApiError(404, "paper_not_applicable", NOT_APPLICABLE, {"paper": paper})
    pdf = PaperPdf(f"{paper_rule(paper)['label']} {case.dispute.case_no or ''}".strip())
    PAPER_DRAWERS[paper](pdf, case, signature_images(case.attachments, read))
    return bytes(pdf.output())


def render_dossier(case: CaseFile, read: ImageReader = attachment_bytes) -> bytes:
    pdf = PaperPdf(f"人民调解卷宗 {case.dispute.case_no or ''}".strip())
    draw_dossier(pdf, case, signature_images(case.attachments, read), photo_images(case.attachments, read))
    return bytes(pdf.output())
