"""A case's papers and its dossier (卷宗) as PDF, and the dossier's completeness. Scope-checked, audited."""
import io

from flask import Response, send_file
from flask_jwt_extended import jwt_required

from app.api.blueprint import Blueprint
from app.schemas.papers import DossierSchema
from app.services.access.current import current_viewer
from app.services.papers import downloads

blp = Blueprint("papers", __name__, url_prefix="/api", description="Papers and the dossier")


PDF_RESPONSE = {"200": {"description": "The PDF, as a download (Content-Disposition: attachment).",
                        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}}


def _pdf(data: bytes, name: str) -> Response:
    return send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True, download_name=name)


@blp.route("/disputes/<key:dispute_id>/papers/<paper>.pdf")
@jwt_required()
@blp.doc(responses=PDF_RESPONSE)
def get_paper(dispute_id: str, paper: str):
    """One paper: application, acceptance, mediation-record, agreement, oral-agreement, revisit,
    judicial-confirmation or referral; 404 for a paper that does not apply to the case."""
    return _pdf(downloads.paper_pdf(current_viewer(), dispute_id, paper), f"{paper}.pdf")


@blp.route("/disputes/<key:dispute_id>/dossier.pdf")
@jwt_required()
@blp.doc(responses=PDF_RESPONSE)
def get_dossier_pdf(dispute_id: str):
    """The whole 卷宗: cover, 卷内目录 with page numbers, the papers held."""
    return _pdf(downloads.dossier_pdf(current_viewer(), dispute_id), "dossier.pdf")


@blp.route("/disputes/<key:dispute_id>/dossier")
@jwt_required()
@blp.response(200, DossierSchema)
def get_dossier(dispute_id: str):
    return downloads.dossier_status(current_viewer(), dispute_id)
