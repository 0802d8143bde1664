"""schemathesis checks that judge the API by its envelope code.

The API answers HTTP 200 to everything (API.md); what happened is the
envelope's ``code``. The built-in checks that judge an answer by its HTTP
status would call every refusal an acceptance, so ``test_fuzz.py`` excludes
them and runs them here instead, each given a view of the answer whose
status is the envelope code's HTTP meaning (``http_status_of``). The
``ignored_auth`` probes are sent here too, and their answers read the same way.

Loaded by ``st run`` through ``SCHEMATHESIS_HOOKS=tests.api.envelope_checks``.
"""

from __future__ import annotations

import copy
from typing import Any

import schemathesis
from schemathesis import checks as generic_checks
from schemathesis.specs.openapi import checks as openapi_checks
from schemathesis.specs.openapi._auth_retry import (
    get_security_parameters,
    remove_auth,
    send_probe,
    set_auth_for_case,
)

from shopkit.core.codes import BAD_PARAMETER_CODES, ErrorCode

READ_THROUGH_THE_ENVELOPE = (
    generic_checks.not_a_server_error,
    openapi_checks.negative_data_rejection,
    openapi_checks.positive_data_acceptance,
    openapi_checks.missing_required_header,
    openapi_checks.unsupported_method,
    openapi_checks.use_after_free,
    openapi_checks.ensure_resource_availability,
)
"""The built-in checks that judge by HTTP status, run on the envelope view."""

EXCLUDED_BUILTINS = [check.__name__ for check in READ_THROUGH_THE_ENVELOPE[1:]] + ["ignored_auth"]
"""Run on the raw answer they would misjudge; ``not_a_server_error`` runs on both."""


UPSTREAM_FAILURES = (
    ErrorCode.SERVICE_UNAVAILABLE,
    ErrorCode.USERS_SMS_UNAVAILABLE,
    ErrorCode.PAYS_PROVIDER_UNAVAILABLE,
)


def http_status_of(code: int) -> int:
    """The HTTP status an API with real statuses would answer for envelope ``code``."""
    if code in (ErrorCode.OK, ErrorCode.PROVIDER_ACCOUNT_NOT_BOUND):
        return code
    try:
        member = ErrorCode(code)
    except ValueError:
        return 500  # no documented code: the schema check reports it too
    name = member.name
    if member is ErrorCode.BAD_REQUEST or member in BAD_PARAMETER_CODES.values():
        return 400
    if member is ErrorCode.NOT_LOGGED_IN:
        return 401
    if name.endswith("_USER_MISMATCH"):
        return 403
    if name.endswith("NOT_FOUND"):
        return 404
    if member is ErrorCode.METHOD_NOT_ALLOWED:
        return 405
    if name.endswith(("_TOO_FREQUENT", "_LOCKED")):
        return 429
    if member is ErrorCode.SERVER_ERROR:
        return 500
    if member in UPSTREAM_FAILURES:
        return 503
    # Well-formed, and refused by the shop's rules: taken, out of stock, wrong code…
    return 422


def envelope_code(response: Any) -> int | None:
    try:
        body = response.json()
    except ValueError:
        return None
    code = body.get("code") if isinstance(body, dict) else None
    return code if isinstance(code, int) else None


def envelope_view(response: Any) -> Any:
    """``response`` with the envelope code's HTTP status (a non-envelope answer as it is)."""
    code = envelope_code(response)
    if code is None:
        return response
    view = copy.copy(response)
    view.status_code = http_status_of(code)
    return view


def read_through_the_envelope(builtin: Any) -> Any:
    def check(ctx: Any, response: Any, case: Any) -> bool | None:
        return builtin(ctx, envelope_view(response), case)

    check.__name__ = check.__qualname__ = f"envelope_{builtin.__name__}"
    check.__doc__ = f"``{builtin.__name__}`` on the envelope code."
    return schemathesis.check(check)


for _builtin in READ_THROUGH_THE_ENVELOPE:
    read_through_the_envelope(_builtin)

_confirmed_guarded: set[str] = set()


@schemathesis.check
def envelope_ignored_auth(ctx: Any, response: Any, case: Any) -> bool | None:
    """An operation that succeeds with a token refuses without one and with a forged one."""
    security = get_security_parameters(case.operation)
    label = case.operation.label
    if not security or envelope_code(response) != ErrorCode.OK or label in _confirmed_guarded:
        return None
    for forged in (False, True):
        probe = remove_auth(case, security)
        if forged:
            for parameter in security:
                set_auth_for_case(probe, parameter)
        code = envelope_code(send_probe(ctx, case, probe))
        if code != ErrorCode.NOT_LOGGED_IN:
            how = "with a forged token" if forged else "without a token"
            raise AssertionError(f"{label} answered code {code} {how}, expected 403 Please login")
    _confirmed_guarded.add(label)
    return None
