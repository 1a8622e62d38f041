"""The papers as the API gives them: scope-checked like every read, each download audited."""
from __future__ import annotations

from typing import Any

from app.errors import ApiError
from app.extensions import db
from app.services.access.audit import record_audit
from app.services.access.scope import Viewer
from app.services.papers.case_file import CaseFile, load_case_file
from app.services.papers.document import PaperPdf
from app.services.papers.dossier import draw_dossier
from app.services.papers.images import ImageReader, attachment_bytes, photo_images, signature_images
from app.services.papers.papers import PAPER_DRAWERS
from sync.dossier import applies, completeness, paper_rule

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


def paper_pdf(viewer: Viewer, dispute_id: str, paper: str) -> bytes:
    case = load_case_file(viewer, dispute_id)
    pdf = render_paper(case, paper)
    _audit(case, "download_paper", paper)
    return pdf


def dossier_pdf(viewer: Viewer, dispute_id: str) -> bytes:
    case = load_case_file(viewer, dispute_id)
    pdf = render_dossier(case)
    _audit(case, "download_dossier", "dossier")
    return pdf


def dossier_status(viewer: Viewer, dispute_id: str) -> dict[str, Any]:
    """卷宗完整度: the papers this case's path requires, and which the record already holds."""
    return completeness(load_case_file(viewer, dispute_id).records())


def _audit(case: CaseFile, action: str, paper: str) -> None:
    """The papers print full ID numbers: who took which, when and from where is kept (domain.md, Privacy)."""
    record_audit(action, entity="dispute", record_id=case.dispute.id, details={"paper": paper})
    db.session.commit()
