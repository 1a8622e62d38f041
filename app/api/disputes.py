"""Read routes for cases. Writes go through the sync push, never here."""
from flask_jwt_extended import jwt_required

from app.api.blueprint import Blueprint
from app.schemas.queries import DisputeQuerySchema, DuplicateProbeSchema
from app.schemas.reads import DisputeDetailSchema, DisputePageSchema, DuplicatesSchema, PartyIdentitySchema
from app.services.reads import disputes as dispute_reads
from app.services.reads.duplicates import find_duplicates
from app.services.access import identity_reveal
from app.services.access.current import current_viewer

blp = Blueprint("disputes", __name__, url_prefix="/api", description="Disputes (read)")


@blp.route("/disputes")
@jwt_required()
@blp.arguments(DisputeQuerySchema, location="query")
@blp.response(200, DisputePageSchema)
def list_disputes(filters: dict):
    return dispute_reads.list_disputes(current_viewer(), filters)


@blp.route("/disputes/duplicates", methods=["POST"])
@jwt_required()
@blp.arguments(DuplicateProbeSchema)
@blp.response(200, DuplicatesSchema)
def duplicate_disputes(probe: dict):
    """Cases in scope a new one may repeat (same phone or ID number; same address and category within 30 days)."""
    return find_duplicates(current_viewer(), probe)


@blp.route("/disputes/<key:dispute_id>")
@jwt_required()
@blp.response(200, DisputeDetailSchema)
def get_dispute(dispute_id: str):
    return dispute_reads.get_dispute(current_viewer(), dispute_id)


@blp.route("/parties/<key:party_id>/identity")
@jwt_required()
@blp.response(200, PartyIdentitySchema)
def reveal_party_identity(party_id: str):
    """The full phone and ID number of one party; each reveal is written to the audit log."""
    return identity_reveal.reveal_party(current_viewer(), party_id)
