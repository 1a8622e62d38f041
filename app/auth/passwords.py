"""Password hashing with Argon2id (memory-hard)."""
from __future__ import annotations

import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app


def _hasher() -> PasswordHasher:
    memory_kib = int(current_app.config.get("ARGON2_MEMORY_KIB", 65536))
    return PasswordHasher(memory_cost=memory_kib, time_cost=3, parallelism=1)


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


DUMMY_HASH_PASSWORD = "not-a-real-password"


@functools.lru_cache(maxsize=4)
def _dummy_hash(memory_kib: int) -> str:
    return PasswordHasher(memory_cost=memory_kib, time_cost=3, parallelism=1).hash(DUMMY_HASH_PASSWORD)


def burn_equal_time() -> None:
    """Verify once against a cached throwaway hash, so an unknown username costs what a wrong password does."""
    verify_password(_dummy_hash(int(current_app.config.get("ARGON2_MEMORY_KIB", 65536))), DUMMY_HASH_PASSWORD)
