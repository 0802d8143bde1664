"""Short numeric one-time codes (SMS verification, password reset) and the
counters that rate-limit them, all kept in caches chosen by plugins.

Codes live in ``get_cache("code")``. A code is consumed by deleting its key,
and cache deletes report whether they removed something, so two requests
racing with the same code cannot both succeed. Wrong guesses are counted and
the code is thrown away after ``SHOPKIT_CODE_MAX_ATTEMPTS`` of them.
"""

from __future__ import annotations

import hashlib
import secrets

from django.core.cache.backends.base import BaseCache
from django.utils.crypto import constant_time_compare

from shopkit.conf import app_settings
from shopkit.core.backends import CachePurpose
from shopkit.core.backends import required_cache as get_cache  # outage: SERVICE_UNAVAILABLE
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError

CODE_LENGTH = 6


def cache_key(*parts: str) -> str:
    """A cache key safe for every backend, whatever ``parts`` contain."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]
    return f"shopkit:{parts[0]}:{digest}"


def count_up(cache: BaseCache, key: str, timeout: int) -> int:
    """Add one to the counter at ``key`` (created with ``timeout``); the new value."""
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout)
        return 1


def count_down(cache: BaseCache, key: str) -> None:
    """Give back a slot :func:`count_up` took (nothing if the counter expired)."""
    try:
        cache.decr(key)
    except ValueError:
        pass


def claim_interval(purpose: str, key: str, interval: int) -> None:
    """One send per ``interval`` seconds for ``key``; else ``USERS_CODE_TOO_FREQUENT``."""
    if not get_cache(CachePurpose.CODE).add(cache_key(purpose, "sent", key), 1, interval):
        raise ShopkitError(ErrorCode.USERS_CODE_TOO_FREQUENT)


def release_interval(purpose: str, key: str) -> None:
    get_cache(CachePurpose.CODE).delete(cache_key(purpose, "sent", key))


def grant(purpose: str, key: str, timeout: int) -> None:
    """Remember for ``timeout`` seconds that ``key`` may do ``purpose`` once."""
    get_cache(CachePurpose.CODE).set(cache_key(purpose, "granted", key), 1, timeout)


def is_granted(purpose: str, key: str) -> bool:
    return get_cache(CachePurpose.CODE).get(cache_key(purpose, "granted", key)) is not None


def take_grant(purpose: str, key: str) -> bool:
    """Use up the grant; ``False`` if there was none (or a racing request took it)."""
    return bool(get_cache(CachePurpose.CODE).delete(cache_key(purpose, "granted", key)))


def issue_code(purpose: str, key: str, timeout: int) -> str:
    """Store and return a fresh code for ``key``, replacing any earlier one."""
    code = f"{secrets.randbelow(10**CODE_LENGTH):0{CODE_LENGTH}d}"
    cache = get_cache(CachePurpose.CODE)
    cache.delete(cache_key(purpose, "attempts", key))
    cache.set(cache_key(purpose, "code", key), code, timeout)
    return code


def revoke_code(purpose: str, key: str) -> None:
    get_cache(CachePurpose.CODE).delete_many(
        [cache_key(purpose, "code", key), cache_key(purpose, "attempts", key)]
    )


def code_matches(purpose: str, key: str, code: str) -> bool:
    """Whether ``code`` is the live code for ``key``, without using it up.

    Each guess first takes one of ``SHOPKIT_CODE_MAX_ATTEMPTS`` slots with an
    atomic increment and is compared only if it got one, so racing guesses
    cannot outnumber the limit; a right guess gives its slot back, and the
    code is thrown away once the slots are used up.
    """
    cache = get_cache(CachePurpose.CODE)
    code_key = cache_key(purpose, "code", key)
    if cache.get(code_key) is None:
        return False
    attempts_key = cache_key(purpose, "attempts", key)
    # issue_code() resets the counter, so outliving the code does no harm.
    lifetime = max(app_settings.SMS_CODE_TIMEOUT, app_settings.RESET_CODE_TIMEOUT)
    attempt = count_up(cache, attempts_key, lifetime)
    limit = app_settings.CODE_MAX_ATTEMPTS
    if attempt <= limit:
        stored = cache.get(code_key)
        if stored is not None and constant_time_compare(stored, (code or "").strip()):
            count_down(cache, attempts_key)
            return True
    if attempt >= limit:
        revoke_code(purpose, key)
    return False


def consume_code(purpose: str, key: str, code: str) -> bool:
    """Use up ``code`` if it is the live code for ``key``; ``False`` otherwise."""
    if not code_matches(purpose, key, code):
        return False
    return bool(get_cache(CachePurpose.CODE).delete(cache_key(purpose, "code", key)))
