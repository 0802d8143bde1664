"""OpenAPI declarations ninja cannot derive: what handlers read or answer themselves.

Some handlers read their body with ``parse_request_data`` (the dadashop front
end multiplexes operations on ``status``, and the handler keeps its own
validation and error codes), and the hottest answers are not validated on the
way out (see ``goods.py``). Their shapes are still pydantic models; the helpers
here turn them into ``openapi_extra`` entries. Nested definitions are written
in place, because an operation's extra cannot add to ``components``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from ninja.schema import NinjaGenerateJsonSchema
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

#: A moment as answers give it: the shop's time zone, to the second (``shop_time``).
ShopTime = Annotated[
    str,
    Field(
        pattern=r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$",
        description="the shop's TIME_ZONE, YYYY-MM-DD HH:MM:SS",
        examples=["2026-12-04 17:04:20"],
    ),
]


class OpenAnswer(BaseModel):
    """Base of answer models: a key the handler returns and the model does not
    declare is kept, never dropped. (ninja's ``Schema`` reads its input by
    attribute, so it would drop such keys even with ``extra="allow"``.)"""

    model_config = ConfigDict(extra="allow")


def inline_json_schema(
    annotation: Any, mode: Literal["validation", "serialization"]
) -> dict[str, Any]:
    """The JSON schema of ``annotation`` (a model or a union), with no ``$ref``."""
    schema = TypeAdapter(annotation).json_schema(
        mode=mode, schema_generator=NinjaGenerateJsonSchema
    )
    definitions = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return resolve(definitions[node["$ref"].rsplit("/", 1)[-1]])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    return resolve(schema)


def documented_answer(model: type[BaseModel]) -> dict[str, Any]:
    """``openapi_extra`` declaring ``model`` as the success answer (HTTP 200)."""
    schema = inline_json_schema(model, "serialization")
    return {
        "responses": {
            200: {"description": "OK", "content": {"application/json": {"schema": schema}}}
        }
    }


def documented_body(annotation: Any, *, form: bool, required: bool = True) -> dict[str, Any]:
    """``openapi_extra`` declaring the body a handler reads with ``parse_request_data``:
    JSON, and form-encoded fields too when ``form`` (the same fields as text)."""
    schema = inline_json_schema(annotation, "validation")
    media_types = ["application/json", *(["application/x-www-form-urlencoded"] if form else [])]
    return {
        "requestBody": {
            "required": required,
            "content": {media_type: {"schema": schema} for media_type in media_types},
        }
    }


def documented_query(model: type[BaseModel]) -> dict[str, Any]:
    """``openapi_extra`` declaring the query parameters a handler reads with ``query_data``."""
    schema = inline_json_schema(model, "validation")
    required = set(schema.get("required", ()))
    return {
        "parameters": [
            {"in": "query", "name": name, "required": name in required, "schema": field}
            for name, field in schema["properties"].items()
        ]
    }
