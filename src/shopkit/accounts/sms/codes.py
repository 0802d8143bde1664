"""SMS verification codes: sent through the ``shopkit_sms_providers`` seam,
kept for ``SHOPKIT_SMS_CODE_TIMEOUT`` seconds, one send per phone per
``SHOPKIT_SMS_CODE_INTERVAL`` seconds and ``SHOPKIT_SMS_CODE_IP_LIMIT`` sends
per client address per ``SHOPKIT_SMS_CODE_IP_WINDOW``, consumed on use.

Both limits take their slot atomically before they are checked (the phone's
with the cache's ``add``, the address's with ``incr``), so racing requests
cannot send more than the limits allow.

A code is bound to its purpose (:class:`CodePurpose`): a code texted for
registering does not sign in, nor one texted for signing in bind a phone. The
limits are the phone's and the address's whatever the purpose, so switching
purposes sends no more texts."""

from __future__ import annotations

import logging
from enum import StrEnum

from shopkit.accounts import onetime
from shopkit.accounts.sms.base import SMSProvider
from shopkit.accounts.sms.registry import get_sms_providers
from shopkit.accounts.validation import clean_phone
from shopkit.conf import app_settings
from shopkit.core.backends import CachePurpose
from shopkit.core.backends import required_cache as get_cache  # outage: SERVICE_UNAVAILABLE
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.core.providers import first_active_name

logger = logging.getLogger(__name__)

#: The key of the per-phone interval and per-address counter, shared by every purpose.
PURPOSE = "sms"


class CodePurpose(StrEnum):
    """What a code was texted for; it verifies nothing else."""

    REGISTER = PURPOSE  # the key register codes have always had
    LOGIN = "sms-login"
    BIND = "sms-bind"


def active_code_provider() -> SMSProvider | None:
    """The provider named by ``SHOPKIT_SMS_CODE_PROVIDER``, else the first active
    one (:func:`~shopkit.core.providers.first_active_name`); ``None`` when no
    provider can send codes (pages then leave the "send a code" button out)."""
    providers = get_sms_providers()
    name = app_settings.SMS_CODE_PROVIDER or first_active_name("SHOPKIT_SMS_PROVIDERS", providers)
    return providers.get(name) if name else None


def code_provider() -> SMSProvider:
    """The :func:`active_code_provider`; ``USERS_SMS_UNAVAILABLE`` without one."""
    provider = active_code_provider()
    if provider is None:
        name = app_settings.SMS_CODE_PROVIDER
        logger.error("No SMS provider %s is active; cannot send codes.", name or "at all")
        raise ShopkitError(ErrorCode.USERS_SMS_UNAVAILABLE)
    return provider


def _ip_key(ip: str) -> str:
    return onetime.cache_key(PURPOSE, "ip", ip)


def send_sms_code(
    phone: str, ip: str | None = None, purpose: CodePurpose = CodePurpose.REGISTER
) -> None:
    """Text a fresh ``purpose`` code to ``phone`` for the client at ``ip`` (if known).

    ``USERS_CODE_TOO_FREQUENT`` if the phone or the address is over its limit.
    A failed send does not count against either.
    """
    phone = clean_phone(phone)
    provider = code_provider()
    onetime.claim_interval(PURPOSE, phone, app_settings.SMS_CODE_INTERVAL)
    ratelimit = get_cache(CachePurpose.RATELIMIT)
    if ip is not None:
        sent = onetime.count_up(ratelimit, _ip_key(ip), app_settings.SMS_CODE_IP_WINDOW)
        if sent > app_settings.SMS_CODE_IP_LIMIT:
            onetime.release_interval(PURPOSE, phone)
            raise ShopkitError(ErrorCode.USERS_CODE_TOO_FREQUENT)
    timeout = app_settings.SMS_CODE_TIMEOUT
    code = onetime.issue_code(purpose, phone, timeout)
    try:
        provider.send(
            phone, app_settings.SMS_CODE_TEMPLATE, {"code": code, "minutes": str(timeout // 60)}
        )
    except Exception as exc:
        onetime.revoke_code(purpose, phone)
        onetime.release_interval(PURPOSE, phone)
        if ip is not None:
            onetime.count_down(ratelimit, _ip_key(ip))
        if isinstance(exc, ShopkitError):
            raise
        logger.exception("SMS provider %r failed", provider.name)
        raise ShopkitError(ErrorCode.USERS_SMS_UNAVAILABLE) from exc


def sms_code_matches(phone: str, code: str, purpose: CodePurpose = CodePurpose.REGISTER) -> bool:
    """Whether ``code`` is the live ``purpose`` code for ``phone``.

    A wrong one counts as a guess."""
    return onetime.code_matches(purpose, phone, code)


def consume_sms_code(phone: str, code: str, purpose: CodePurpose = CodePurpose.REGISTER) -> bool:
    return onetime.consume_code(purpose, phone, code)
