"""SQLAlchemy models: columns and relationships only."""
from app.models.audit import AuditLog
from app.models.people import Device, DeviceHealth, MediatorProfile, User, user_committees
from app.models.places import Area, Committee
from app.models.rate_limits import RateLimitCounter
from app.models.records import (
    SYNCED_MODELS, Attachment, Dispute, Followup, MediationLog, Party, Referral, SyncedRecord, Visit,
)
from app.models.sync_log import (
    AppliedMutation, CaseCounter, ChangeHistory, Conflict, ServerSequence,
)

__all__ = [
    "AppliedMutation", "Area", "Attachment", "AuditLog", "CaseCounter", "ChangeHistory", "Committee", "Conflict",
    "Device", "DeviceHealth", "Dispute", "Followup", "MediationLog", "MediatorProfile", "Party",
    "RateLimitCounter", "Referral", "SYNCED_MODELS", "ServerSequence", "SyncedRecord", "User", "Visit", "user_committees",
]
