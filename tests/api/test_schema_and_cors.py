import pytest
from django.test import override_settings

from shopkit.core.codes import ErrorCode
from shopkit.payments.providers.base import PaymentProvider


class DemoProvider(PaymentProvider):
    title = "演示支付"


def test_openapi_schema_is_published(client):
    response = client.get("/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/v1/pays/providers" in schema["paths"]


def test_browsable_docs_are_served(client):
    assert client.get("/v1/docs").status_code == 200


@override_settings(
    SHOPKIT_PAYMENT_PROVIDERS={"demo": {"BACKEND": "tests.api.test_schema_and_cors.DemoProvider"}}
)
def test_payment_providers_endpoint_lists_configured_providers(client):
    assert client.get("/v1/pays/providers").json() == {
        "code": 200,
        "data": [{"name": "demo", "title": "演示支付"}],
    }


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE"])
def test_cors_preflight_is_answered_for_api_paths(client, method):
    response = client.options(
        "/v1/users/alice/address",
        HTTP_ORIGIN="http://127.0.0.1:7000",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization,content-type",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert method in response["Access-Control-Allow-Methods"]
    assert "authorization" in response["Access-Control-Allow-Headers"]


def test_cors_headers_are_not_added_outside_the_api(client, db):
    response = client.get("/", HTTP_ORIGIN="http://127.0.0.1:7000")
    assert "Access-Control-Allow-Origin" not in response


def test_every_answer_in_the_schema_is_its_success_shape_or_the_error_envelope(client):
    schema = client.get("/v1/openapi.json").json()
    error_ref = {"$ref": "#/components/schemas/ErrorEnvelope"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
            assert answer["anyOf"][1] == error_ref, f"{method} {path}"


def test_the_error_envelope_lists_every_documented_code(client):
    envelope = client.get("/v1/openapi.json").json()["components"]["schemas"]["ErrorEnvelope"]
    documented = {int(code) for code in ErrorCode} - {200}
    assert set(envelope["properties"]["code"]["enum"]) == documented
    assert envelope["required"] == ["code", "error", "errmsg"]
    assert all(f"`{code}`" in envelope["description"] for code in documented)


def test_a_wrong_method_names_the_allowed_ones(client):
    response = client.generic("TRACE", "/v1/goods/index")
    assert response.json()["code"] == ErrorCode.METHOD_NOT_ALLOWED
    assert response["Allow"] == "GET"
