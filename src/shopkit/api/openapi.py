"""The error envelope in the published OpenAPI schema.

Every operation answers HTTP 200 (API.md), either with its success shape or
with the error envelope. ninja documents only the success shape, so the
schema built here wraps each operation's answer in ``anyOf: [success,
ErrorEnvelope]``; ``ErrorEnvelope`` lists every code of ``core.codes`` but
success, with its message. One list for all operations, because a module's
paths answer other modules' codes too (placing an order answers
``USERS_ADDRESS_NOT_FOUND``; the payment return answers ``PAYS_*``).
"""

from __future__ import annotations

from typing import Any, Literal

from ninja import NinjaAPI

from shopkit.core.codes import ErrorCode

SuccessCode = Literal[200]
"""The ``code`` of every success shape: what tells it from an error envelope."""

ERROR_CODES = [code for code in ErrorCode if code is not ErrorCode.OK]

ERROR_ENVELOPE: dict[str, Any] = {
    "title": "ErrorEnvelope",
    "type": "object",
    "description": "An error answer (HTTP 200). Codes:\n\n"
    + "\n".join(f"- `{int(code)}` {code.name}: {code.message}" for code in ERROR_CODES),
    "properties": {
        "code": {"type": "integer", "enum": [int(code) for code in ERROR_CODES]},
        "error": {"type": "string"},
        "errmsg": {"type": "string", "description": "the same message, for older clients"},
    },
    "required": ["code", "error", "errmsg"],
    # Some codes carry data, e.g. PAYS_NOT_CONFIRMED carries the order.
    "additionalProperties": True,
}

#: The one answer that is not an envelope: the web server in front (gunicorn,
#: nginx) refuses a request line past its limit before shopkit sees it.
URI_TOO_LONG = {"description": "URI Too Long: the web server's request-line limit (not JSON)"}


def add_error_envelope(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with every operation's answer made ``anyOf`` success or error,
    and the web server's 414 declared."""
    schema.setdefault("components", {}).setdefault("schemas", {})["ErrorEnvelope"] = ERROR_ENVELOPE
    error_ref = {"$ref": "#/components/schemas/ErrorEnvelope"}
    for operations in schema["paths"].values():
        for operation in operations.values():
            # Every operation declares its success answer (tests/api/test_operation_schemas.py).
            media = operation["responses"][200]["content"]["application/json"]
            media["schema"] = {"anyOf": [media["schema"], error_ref]}
            operation["responses"][414] = URI_TOO_LONG
    return schema


class EnvelopeNinjaAPI(NinjaAPI):
    """A NinjaAPI whose OpenAPI schema describes the error envelope too."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return add_error_envelope(schema)
