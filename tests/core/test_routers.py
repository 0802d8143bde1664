"""What ``ReplicaRouter`` and ``ReadYourWritesMiddleware`` send where, with a
second alias that is never connected to (the real replica is in
``tests/test_replicas.py``)."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from shopkit.conf import app_settings
from shopkit.core import routers
from shopkit.core.middleware import PRIMARY_COOKIE, ReadYourWritesMiddleware
from shopkit.core.routers import ReplicaRouter
from shopkit.goods.models import SKU, Category
from shopkit.orders.models import Order
from tests.fixtures.replica import FAKE_REPLICA as ALIAS


def loaded_from(alias: str, model=SKU):
    instance = model()
    instance._state.db = alias
    return instance


def test_catalogue_reads_of_a_request_go_to_a_replica_and_the_rest_to_the_primary(
    replica_alias,
):
    with routers.request_reads(pinned=False):
        assert ReplicaRouter().db_for_read(SKU) == ALIAS
        assert ReplicaRouter().db_for_read(Category) == ALIAS
        assert ReplicaRouter().db_for_read(Order) == "default"
        # A relation of a row read from the replica is no reason to read it there.
        assert ReplicaRouter().db_for_read(Order, instance=loaded_from(ALIAS)) == "default"


def test_reads_outside_a_request_or_without_replicas_go_to_the_primary(replica_alias):
    assert ReplicaRouter().db_for_read(SKU) == "default"
    with override_settings(SHOPKIT_READ_REPLICAS=[]), routers.request_reads(pinned=False):
        assert ReplicaRouter().db_for_read(SKU) == "default"


def test_a_pinned_request_and_one_that_wrote_read_the_primary(replica_alias):
    with routers.request_reads(pinned=True):
        assert ReplicaRouter().db_for_read(SKU) == "default"
        assert routers.reading_own_writes()
    with routers.request_reads(pinned=False) as reads:
        assert not routers.reading_own_writes()
        assert ReplicaRouter().db_for_write(SKU, instance=loaded_from(ALIAS)) == "default"
        assert reads.wrote
        assert ReplicaRouter().db_for_read(SKU) == "default"
        assert routers.reading_own_writes()


def test_primary_block_reads_the_primary(replica_alias):
    with routers.request_reads(pinned=False):
        with routers.primary():
            assert ReplicaRouter().db_for_read(SKU) == "default"
        assert ReplicaRouter().db_for_read(SKU) == ALIAS


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_go_to_the_primary(replica_alias):
    with routers.request_reads(pinned=False):
        with transaction.atomic():
            assert ReplicaRouter().db_for_read(SKU) == "default"
        assert ReplicaRouter().db_for_read(SKU) == ALIAS


def test_relations_across_primary_and_replicas_are_allowed(replica_alias):
    router = ReplicaRouter()
    assert router.allow_relation(loaded_from("default"), loaded_from(ALIAS, Order)) is True
    assert router.allow_relation(loaded_from("default"), loaded_from("elsewhere")) is None


def test_migrations_never_run_on_a_replica(replica_alias):
    assert ReplicaRouter().allow_migrate(ALIAS, "shopkit_goods") is False
    assert ReplicaRouter().allow_migrate("default", "shopkit_goods") is None


def pin_cookie(age: int = 0) -> str:
    """A pin as the middleware signs it, ``age`` seconds ago."""
    response = HttpResponse()
    with mock.patch("time.time", return_value=time.time() - age):
        response.set_signed_cookie(PRIMARY_COOKIE, "1", salt=PRIMARY_COOKIE)
    return response.cookies[PRIMARY_COOKIE].value


def serve(request):
    """The middleware around a view that reports whether it could read a replica."""
    seen = {}

    def view(request):
        seen["replica"] = routers.may_read_replica()
        return HttpResponse("ok")

    response = ReadYourWritesMiddleware(view)(request)
    return seen["replica"], response


def test_a_write_pins_the_shopper_with_a_signed_expiring_cookie(replica_alias):
    could_read_replica, response = serve(RequestFactory().post("/cart/add"))
    assert not could_read_replica
    cookie = response.cookies[PRIMARY_COOKIE]
    assert cookie["max-age"] == 30 and cookie["httponly"]
    request = RequestFactory().get("/list/1/1")
    request.COOKIES[PRIMARY_COOKIE] = cookie.value
    could_read_replica, response = serve(request)
    assert not could_read_replica and PRIMARY_COOKIE not in response.cookies


def test_forged_or_expired_pins_are_ignored(replica_alias):
    for value in ["1", pin_cookie()[:-2] + "xx", pin_cookie(age=31)]:
        request = RequestFactory().get("/list/1/1")
        request.COOKIES[PRIMARY_COOKIE] = value
        could_read_replica, response = serve(request)
        assert could_read_replica, value
    request = RequestFactory().get("/list/1/1")
    request.COOKIES[PRIMARY_COOKIE] = pin_cookie(age=5)
    assert not serve(request)[0]


def test_a_get_that_writes_pins_the_shopper_too(replica_alias):
    def view(request):
        ReplicaRouter().db_for_write(Order)
        return HttpResponse("ok")

    response = ReadYourWritesMiddleware(view)(RequestFactory().get("/"))
    assert PRIMARY_COOKIE in response.cookies


def test_without_replicas_no_cookie_is_set():
    _, response = serve(RequestFactory().post("/cart/add"))
    assert PRIMARY_COOKIE not in response.cookies


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SHOPKIT_READ_REPLICAS", "replica"),
        ("SHOPKIT_READ_REPLICAS", ["nowhere"]),
        ("SHOPKIT_READ_REPLICAS", ["default"]),
        ("SHOPKIT_READ_YOUR_WRITES_SECONDS", -1),
        ("SHOPKIT_READ_YOUR_WRITES_SECONDS", "10"),
        ("SHOPKIT_READ_YOUR_WRITES_SECONDS", True),
    ],
)
def test_bad_replica_settings_are_named(name, value):
    with override_settings(**{name: value}), pytest.raises(ImproperlyConfigured, match=name):
        getattr(app_settings, name.removeprefix("SHOPKIT_"))


def test_replicas_named_without_the_router_change_nothing(replica_alias):
    with override_settings(DATABASE_ROUTERS=[]), routers.request_reads(pinned=False):
        assert routers.replicas() == [] and not routers.may_read_replica()
