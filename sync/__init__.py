"""The sync engine: decides what each pushed edit does to the server's records (docs/sync-engine.md).

Pure Python over plain data; it imports nothing from Flask, SQLAlchemy or `app`.
"""
from sync.decide import decide
from sync.authority import Refusal, write_refusal
from sync.engine import WriteRefused, commit_resolution, process_batch
from sync.resolve import resolve_conflict
from sync.store import ConcurrentWrite, SyncStore
from sync.types import (
    Actor,
    AppliedMutation,
    ConflictRecord,
    Decision,
    FieldConflict,
    HistoryEntry,
    Mutation,
    MutationResult,
    RecordState,
)

__all__ = [
    "Actor", "AppliedMutation", "ConcurrentWrite", "ConflictRecord", "Decision", "FieldConflict", "HistoryEntry",
    "Mutation", "MutationResult", "RecordState", "Refusal", "SyncStore", "WriteRefused", "commit_resolution", "decide",
    "process_batch", "resolve_conflict", "write_refusal",
]
