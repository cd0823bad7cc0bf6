"""Encryption at rest and keyed lookup hashes for personal identifiers.

ID numbers are stored as Fernet tokens (key from FIELD_ENCRYPTION_KEY, rotation by listing
several keys) and found by an HMAC-SHA256 of the normalised value (key LOOKUP_HASH_KEY), so
an exact lookup works without decrypting the table and a stolen hash column cannot be
reversed by enumerating the small space of valid ID numbers without the key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


def _fernet_key(raw: str) -> bytes:
    # Accept a proper Fernet key, or derive one from any passphrase-like string.
    try:
        if len(base64.urlsafe_b64decode(raw.encode())) == 32:
            return raw.encode()
    except ValueError:
        pass
    return base64.urlsafe_b64encode(hashlib.sha256(raw.encode()).digest())


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(_fernet_key(k)) for k in keys])


def encrypt(value: str) -> str:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).decrypt(token.encode()).decode()


def lookup_hash(value: str) -> str:
    return hmac.new(settings.LOOKUP_HASH_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()
