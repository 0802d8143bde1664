"""Rate limiting failed logins per account name and per client IP address.

Counters live in ``get_cache("ratelimit")``. Names that belong to no account
are counted and locked exactly like real ones, so a lockout reveals nothing
about which accounts exist.
"""

from __future__ import annotations

from django.http import HttpRequest

from shopkit.accounts.onetime import cache_key, count_up
from shopkit.conf import app_settings
from shopkit.core.backends import get_cache
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError


def client_ip(request: HttpRequest | None) -> str:
    """``REMOTE_ADDR``; behind a proxy, have the proxy or a middleware set it."""
    return (request.META.get("REMOTE_ADDR") if request is not None else None) or "unknown"


def _name_key(username: str) -> str:
    return cache_key("login", "name", username.strip().lower())


def _ip_key(ip: str) -> str:
    return cache_key("login", "ip", ip)


def check_login_allowed(username: str, ip: str | None) -> None:
    """``USERS_LOGIN_LOCKED`` while the name or the address (if given) is over its limit."""
    keys = [_name_key(username)] + ([_ip_key(ip)] if ip is not None else [])
    counts = get_cache("ratelimit").get_many(keys)
    if counts.get(keys[0], 0) >= app_settings.LOGIN_FAILURE_LIMIT or (
        ip is not None and counts.get(keys[1], 0) >= app_settings.LOGIN_IP_FAILURE_LIMIT
    ):
        raise ShopkitError(ErrorCode.USERS_LOGIN_LOCKED)


def record_login_failure(username: str, ip: str | None) -> None:
    cache = get_cache("ratelimit")
    count_up(cache, _name_key(username), app_settings.LOGIN_FAILURE_WINDOW)
    if ip is not None:
        count_up(cache, _ip_key(ip), app_settings.LOGIN_FAILURE_WINDOW)


def clear_login_failures(username: str) -> None:
    """Forget the name's failures after a successful login (the address keeps its count)."""
    get_cache("ratelimit").delete(_name_key(username))
