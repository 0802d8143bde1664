"""``/v1/openapi.json`` declares every operation's success answer and the bodies
handlers read, and the real answers of goods and orders fit what is declared,
byte for byte what the handlers built (API.md §1 "Schema", §3, §5)."""

import json
from urllib.parse import parse_qsl, urlencode, urlsplit

import jsonschema
import pytest

from shopkit.api import goods, orders
from shopkit.api.api import api
from shopkit.cart import services as cart
from shopkit.core.envelope import success
from shopkit.core.tokens import issue_token
from shopkit.orders import queries
from shopkit.orders.lifecycle import ship
from shopkit.orders.states import apply_transition
from tests.fixtures.api import call

pytestmark = pytest.mark.django_db

METHODS = {"get", "post", "put", "delete", "patch"}
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def document(client):
    return client.get("/v1/openapi.json").json()


def resolve(document, schema):
    while "$ref" in schema:
        node = document
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        schema = node
    return schema


def success_shapes(document, schema):
    """The object schemas in ``schema`` (``$ref``s resolved, unions unfolded)
    whose ``code`` is 200."""
    schema = resolve(document, schema)
    branches = schema.get("anyOf") or schema.get("oneOf")
    if branches:
        return [shape for branch in branches for shape in success_shapes(document, branch)]
    code = resolve(document, schema.get("properties", {}).get("code", {}))
    return [schema] if code.get("const") == 200 else []


def operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def answer_schema(document, path, method):
    answer = document["paths"][path][method]["responses"]["200"]
    return answer["content"]["application/json"]["schema"]


def validate(document, instance, schema):
    """``instance`` against ``schema``, its ``$ref``s resolved in the document's components."""
    jsonschema.Draft202012Validator({**schema, "components": document["components"]}).validate(
        instance
    )


def test_every_operation_declares_its_success_answer(document):
    undeclared = []
    for path, method, operation in operations(document):
        content = operation["responses"].get("200", {}).get("content", {})
        schema = content.get("application/json", {}).get("schema")
        shapes = success_shapes(document, schema) if schema else []
        # An operation without its own shape shows at most ``{code: 200}``.
        if not shapes or any(set(shape.get("properties", {})) <= {"code"} for shape in shapes):
            undeclared.append(f"{method.upper()} {path}")
    assert undeclared == []


@pytest.mark.parametrize(
    "path, method, media_types",
    [
        ("/v1/goods/search", "post", {"application/json", FORM}),
        ("/v1/orders/processing/", "post", {"application/json", FORM}),
        ("/v1/orders/{username}", "post", {"application/json", FORM}),
        ("/v1/orders/{username}", "put", {"application/json", FORM}),
        ("/v1/orders/{username}/comments", "post", {"application/json"}),
    ],
)  # fmt: skip
def test_bodies_the_handlers_read_are_declared(document, path, method, media_types):
    body = document["paths"][path][method]["requestBody"]
    assert set(body["content"]) == media_types
    assert all(media["schema"].get("properties") or media["schema"].get("anyOf")
               for media in body["content"].values())  # fmt: skip


def test_search_declares_its_query_and_body_fields(document):
    search = document["paths"]["/v1/goods/search"]
    query = {p["name"]: p for p in search["get"]["parameters"] if p["in"] == "query"}
    fields = {"q", "page", "category", "price_min", "price_max", "facets"}
    assert set(query) == fields and not any(p["required"] for p in query.values())
    body = search["post"]["requestBody"]["content"][FORM]
    assert set(body["schema"]["properties"]) == fields


@pytest.fixture
def handler_answers(monkeypatch):
    """Every success body the goods and orders handlers build, in order."""
    built = []

    def recording_success(**payload):
        built.append(success(**payload))
        return built[-1]

    for module in (goods, orders):
        monkeypatch.setattr(module, "success", recording_success)
    return built


@pytest.fixture
def check(document, handler_answers):
    """Check one answer of the operation ``method path``: a success that fits
    its declared schema, rendered byte for byte from what the handler built."""

    def check_answer(response, method, path, sent=None, media_type="application/json"):
        answer = response.json()
        assert answer["code"] == 200, answer
        validate(document, answer, answer_schema(document, path, method))
        built = api.renderer.render(None, handler_answers[-1], response_status=200)
        assert response.content.decode() == built
        if sent is not None:
            body = document["paths"][path][method]["requestBody"]["content"][media_type]
            validate(document, sent, body["schema"])
        return answer

    return check_answer


def send(client, method, path, user, body=None, form=False):
    """Like ``call``, but the response itself (its bytes are checked); ``form``
    sends the body form-encoded."""
    extra = {"HTTP_AUTHORIZATION": issue_token(user)} if user else {}
    if body is None:
        return getattr(client, method)(path, **extra)
    if form:
        return getattr(client, method)(path, urlencode(body), FORM, **extra)
    return getattr(client, method)(path, json.dumps(body), "application/json", **extra)


def test_goods_answers_fit_their_schemas(
    client, search_catalogue, buyer, buyer_address, check, django_capture_on_commit_callbacks
):
    berry = search_catalogue["berries"]["1kg"]
    check(client.get("/v1/goods/index"), "get", "/v1/goods/index")
    category = search_catalogue["category"].pk
    catalog = client.get(f"/v1/goods/catalogs/{category}?page=1&sort=price")
    check(catalog, "get", "/v1/goods/catalogs/{category_id}")
    plain = check(client.get(f"/v1/goods/detail/{berry.pk}"), "get", "/v1/goods/detail/{sku_id}")
    assert plain["data"]["comments"] == []
    found = check(client.get("/v1/goods/search?q=草莓"), "get", "/v1/goods/search")
    assert found["paginator"]["total"] == 2
    fields = {"q": "苹果", "page": "1"}
    form = send(client, "post", "/v1/goods/search", None, fields, form=True)
    assert check(form, "post", "/v1/goods/search", fields, FORM)["paginator"]["total"] == 3
    sent = {"q": "草莓", "page": 1}
    check(send(client, "post", "/v1/goods/search", None, sent), "post", "/v1/goods/search", sent)

    order = place(client, buyer, buyer_address, berry)
    apply_transition(order["order_id"], "pay")
    ship(order["order_id"])
    call(client, "put", "/v1/orders/buyer", buyer, {"order_id": order["order_id"]})
    comment = {"sku_id": berry.pk, "content": "很甜", "score": 5, "is_anonymous": False}
    with django_capture_on_commit_callbacks(execute=True):  # the detail page cache is dropped
        call(client, "post", "/v1/orders/buyer/comments", buyer,
             {"order_id": order["order_id"], "comments": [comment]})  # fmt: skip
    commented = client.get(f"/v1/goods/detail/{berry.pk}")
    data = check(commented, "get", "/v1/goods/detail/{sku_id}")["data"]
    assert [(c["name"], c["content"]) for c in data["comments"]] == [("buyer", "很甜")]


def place(client, user, address, sku):
    settle = f"/v1/orders/processing/?status=0&settlement_type=1&sku_id={sku.pk}&buy_num=1"
    call(client, "get", settle, user)
    body = {"status": 0, "address_id": address.pk, "settlement_type": 1}
    return call(client, "post", "/v1/orders/processing/", user, body)["data"]


def test_processing_answers_fit_their_schemas_for_every_status(
    client, fruit, buyer, buyer_address, check
):
    berry, apple = fruit["berries"]["1kg"], fruit["apples"][0]
    path = "/v1/orders/processing/"
    cart.add(cart.user_store(buyer), apple.pk, 2)
    from_cart = send(client, "get", f"{path}?status=0&settlement_type=0", buyer)
    check(from_cart, "get", path)
    buy_now_query = f"status=0&settlement_type=1&sku_id={berry.pk}&buy_num=2"
    buy_now = send(client, "get", f"{path}?{buy_now_query}", buyer)
    assert check(buy_now, "get", path)["data"]["sku_list"][0]["count"] == 2

    create = {"status": 0, "address_id": buyer_address.pk, "settlement_type": 1}
    created = check(send(client, "post", path, buyer, create), "post", path, create)
    order_id = created["data"]["order_id"]
    pay = {"status": 1, "order_id": order_id}
    check(send(client, "post", path, buyer, pay), "post", path, pay)

    listed = check(send(client, "get", f"{path}?status=1&order_status=0", buyer), "get", path)
    assert [o["order_id"] for o in listed["data"]["orders_list"]] == [order_id]
    apply_transition(order_id, "pay")
    ship(order_id)
    received = check(
        send(client, "get", f"{path}?status=2&order_id={order_id}", buyer), "get", path
    )
    assert received["data"] == {"order_id": order_id, "status": 4}


def test_per_user_answers_fit_their_schemas_for_every_type(
    client, fruit, buyer, buyer_address, check
):
    berry, apple = fruit["berries"]["500g"], fruit["apples"][1]
    path = "/v1/orders/{username}"
    advance = f"/v1/orders/buyer/advance?settlement_type=1&sku_id={berry.pk}&buy_num=1"
    check(send(client, "get", advance, buyer), "get", "/v1/orders/{username}/advance")
    create = {"address_id": buyer_address.pk, "settlement_type": 1}
    created = check(send(client, "post", "/v1/orders/buyer", buyer, create), "post", path, create)
    order_id = created["data"]["order_id"]
    fields = {"address_id": str(buyer_address.pk), "settlement_type": "1",
              "sku_id": str(apple.pk), "buy_num": "1"}  # fmt: skip
    by_form = send(client, "post", "/v1/orders/buyer", buyer, fields, form=True)
    check(by_form, "post", path, fields, FORM)

    everything = check(send(client, "get", "/v1/orders/buyer?type=0", buyer), "get", path)
    assert len(everything["data"]["orders_list"]) == 2
    again = send(client, "get", f"/v1/orders/buyer?type=5&order_id={order_id}", buyer)
    assert check(again, "get", path)["data"]["order_id"] == order_id

    apply_transition(order_id, "pay")
    ship(order_id)
    receipt = {"order_id": order_id}
    by_form = send(client, "put", "/v1/orders/buyer", buyer, receipt, form=True)
    check(by_form, "put", path, receipt, FORM)
    comments = {
        "order_id": order_id,
        "comments": [{"sku_id": berry.pk, "content": "新鲜", "score": 4, "is_anonymous": True}],
    }
    done = send(client, "post", "/v1/orders/buyer/comments", buyer, comments)
    comments_path = "/v1/orders/{username}/comments"
    assert check(done, "post", comments_path, comments)["data"] == {"completed": True}


def test_the_payment_result_fits_its_schema(client, fruit, buyer, buyer_address, check):
    order = place(client, buyer, buyer_address, fruit["apples"][0])
    paid = client.post(urlsplit(order["pay_url"]).path, {"action": "pay"})
    params = dict(parse_qsl(urlsplit(paid["Location"]).query))
    result = check(client.get("/v1/orders/result/", params), "get", "/v1/orders/result/")
    assert result["data"]["order_id"] == order["order_id"]


def test_a_key_the_declared_shape_does_not_list_is_kept(
    client, fruit, buyer, buyer_address, monkeypatch, check
):
    place(client, buyer, buyer_address, fruit["apples"][0])
    order_data = queries.order_data
    monkeypatch.setattr(queries, "order_data", lambda order: {**order_data(order), "发票": "电子"})
    path = "/v1/orders/processing/"
    listed = check(send(client, "get", f"{path}?status=1&order_status=0", buyer), "get", path)
    assert listed["data"]["orders_list"][0]["发票"] == "电子"
