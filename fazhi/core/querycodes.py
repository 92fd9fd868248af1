"""The query code a citizen gets with a record they submitted on the portal (an
application for information, a message): shown once, only its hash kept."""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_code(length: int = 8) -> str:
    return "".join(secrets.choice(ALPHABET) for _n in range(length))


def hash_code(number: str, code: str) -> str:
    return hashlib.sha256(f"{number}:{code.strip().upper()}".encode()).hexdigest()
