"""The papers as the API gives them: scope-checked like every read, each download audited."""
from __future__ import annotations

from typing import Any

from app.extensions import db
from app.services.access.audit import record_audit
from app.services.access.scope import Viewer
from app.services.papers.case_file import CaseFile, load_case_file
from sync.dossier import completeness


def paper_pdf(viewer: Viewer, dispute_id: str, paper: str) -> bytes:
    from app.services.papers.render import render_paper  # on the first print (render.py says why)

    case = load_case_file(viewer, dispute_id)
    pdf = render_paper(case, paper)
    _audit(case, "download_paper", paper)
    return pdf


def dossier_pdf(viewer: Viewer, dispute_id: str) -> bytes:
    from app.services.papers.render import render_dossier  # on the first print (render.py says why)

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
