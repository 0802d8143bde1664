"""Rate limiting logins per account name and per client IP address.

Counters live in ``get_cache("ratelimit")``. Every attempt takes a slot
first, with the cache's atomic increment, and only then compares the count
with the limit: requests racing for the last slot cannot all pass a check
made before any of them was counted. A failed login keeps the slot it took; a
successful one clears the name's counter and gives the address's slot back.

Names that belong to no account are counted and locked exactly like real
ones, so a lockout reveals nothing about which accounts exist.
"""

from __future__ import annotations

from django.http import HttpRequest

from shopkit.accounts.onetime import cache_key, count_down, count_up
from shopkit.conf import app_settings
from shopkit.core.backends import CachePurpose
from shopkit.core.backends import local_fallback_cache as get_cache  # outage: per process
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError


def client_ip(request: HttpRequest | None) -> str:
    """``REMOTE_ADDR``; behind a proxy, have the proxy or a middleware set it."""
    return (request.META.get("REMOTE_ADDR") if request is not None else None) or "unknown"


def _name_key(username: str) -> str:
    return cache_key("login", "name", username.strip().lower())


def _ip_key(ip: str) -> str:
    return cache_key("login", "ip", ip)


def claim_login_attempt(username: str, ip: str | None) -> None:
    """Count one password check for the name and the address (if given), then
    ``USERS_LOGIN_LOCKED`` if either is now over its limit.

    Call it before checking the password; on success call
    :func:`clear_login_failures`.
    """
    cache = get_cache(CachePurpose.RATELIMIT)
    window = app_settings.LOGIN_FAILURE_WINDOW
    over = count_up(cache, _name_key(username), window) > app_settings.LOGIN_FAILURE_LIMIT
    if ip is not None:
        over |= count_up(cache, _ip_key(ip), window) > app_settings.LOGIN_IP_FAILURE_LIMIT
    if over:
        raise ShopkitError(ErrorCode.USERS_LOGIN_LOCKED)


def clear_login_failures(username: str, ip: str | None = None) -> None:
    """After a successful login: forget the name's failures and give back the
    slot the attempt took from the address (which keeps its failures)."""
    cache = get_cache(CachePurpose.RATELIMIT)
    cache.delete(_name_key(username))
    if ip is not None:
        count_down(cache, _ip_key(ip))
