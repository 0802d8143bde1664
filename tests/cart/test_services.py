"""The cart service, without HTTP: rules, input coercion, reading, merging."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.test import RequestFactory

from shopkit import hookimpl
from shopkit.cart import services
from shopkit.cart.stores.base import CartLine
from shopkit.cart.stores.cache import CacheCartStore
from shopkit.cart.stores.cookie import SignedCookieCartStore
from shopkit.cart.stores.redis import RedisCartStore
from shopkit.core.backends import get_cache
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.default_plugins.cart import is_django_redis
from shopkit.testing import registered_plugin

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(alice):
    return services.user_store(alice)


def code_of(call, *args):
    with pytest.raises(ShopkitError) as error:
        call(*args)
    return error.value.code


def test_add_creates_a_selected_line_and_adds_to_an_existing_count(store, berry):
    services.add(store, berry.pk, 2)
    services.unselect(store, berry.pk)
    line = services.add(store, str(berry.pk), "3")
    assert line == CartLine(berry.pk, 5, True) == store.get(berry.pk)


def test_adding_past_stock_is_refused_and_changes_nothing(store, berry):
    services.add(store, berry.pk, 15)
    with pytest.raises(ShopkitError) as error:
        services.add(store, berry.pk, 6)
    assert error.value.code == ErrorCode.CARTS_OVER_STOCK and error.value.data == {"stock": 20}
    assert store.get(berry.pk).count == 15


@pytest.mark.parametrize("value", ["x", "", None, "1.5", 2.5, True, [1], {"a": 1}, "0", 0, -3])
def test_sku_ids_must_be_positive_whole_numbers(store, value):
    assert code_of(services.add, store, value, 1) == ErrorCode.CARTS_BAD_PARAMETER


@pytest.mark.parametrize("value", ["x", "", None, "1.5", 0, "-1"])
def test_counts_must_be_positive_whole_numbers(store, berry, value):
    assert code_of(services.add, store, berry.pk, value) == ErrorCode.CARTS_BAD_PARAMETER
    assert store.lines() == []


@pytest.mark.parametrize("value", [1000, "99999999999999999999"])
def test_counts_past_the_maximum_are_the_count_limit(store, berry, value):
    assert code_of(services.add, store, berry.pk, value) == ErrorCode.CARTS_COUNT_LIMIT
    assert store.lines() == []


def test_missing_and_unlaunched_skus_cannot_be_added(store, fruit):
    apple = fruit["apples"][0]
    apple.is_launched = False
    apple.save()
    assert code_of(services.add, store, apple.pk, 1) == ErrorCode.CARTS_SKU_NOT_FOUND
    assert code_of(services.add, store, 987654, 1) == ErrorCode.CARTS_SKU_NOT_FOUND


def test_increment_checks_stock_and_decrement_stops_at_one(store, berry):
    services.add(store, berry.pk, 19)
    assert services.increment(store, berry.pk).count == 20
    assert code_of(services.increment, store, berry.pk) == ErrorCode.CARTS_OVER_STOCK
    services.set_count(store, berry.pk, 2)
    assert services.decrement(store, berry.pk).count == 1
    assert services.decrement(store, berry.pk).count == 1


def test_set_count_checks_stock_only_when_raising(store, berry, django_capture_on_commit_callbacks):
    services.add(store, berry.pk, 10)
    berry.stock = 5
    with django_capture_on_commit_callbacks(execute=True):  # the cached stock is refreshed
        berry.save()
    assert services.set_count(store, berry.pk, "7").count == 7  # lowering is always allowed
    assert code_of(services.set_count, store, berry.pk, 8) == ErrorCode.CARTS_OVER_STOCK


def test_changing_a_line_not_in_the_cart_is_refused(store, berry):
    for call in (services.increment, services.decrement, services.select, services.delete):
        assert code_of(call, store, berry.pk) == ErrorCode.CARTS_LINE_NOT_FOUND
    assert code_of(services.set_count, store, berry.pk, 1) == ErrorCode.CARTS_LINE_NOT_FOUND


def test_select_and_select_all_with_or_without_ids(store, fruit):
    ids = [sku.pk for sku in fruit["apples"]]
    for sku_id in ids:
        services.add(store, sku_id, 1)
    services.unselect_all(store)
    assert not any(line.selected for line in store.lines())
    services.select_all(store, [str(ids[0]), ids[2], 999999])
    assert [line.selected for line in store.lines()] == [True, False, True]
    services.select(store, ids[1])
    services.unselect(store, ids[0])
    assert [line.selected for line in store.lines()] == [False, True, True]
    services.select_all(store)
    assert all(line.selected for line in store.lines())


def test_delete_removes_the_line(store, berry):
    services.add(store, berry.pk, 1)
    services.delete(store, str(berry.pk))
    assert store.lines() == []


def test_count_limit_and_line_limit(store, fruit, settings):
    settings.SHOPKIT_CART_MAX_COUNT = 10
    settings.SHOPKIT_CART_MAX_LINES = 2
    apples = fruit["apples"]
    services.add(store, apples[0].pk, 10)
    assert code_of(services.add, store, apples[0].pk, 1) == ErrorCode.CARTS_COUNT_LIMIT
    services.add(store, apples[1].pk, 1)
    assert code_of(services.add, store, apples[2].pk, 1) == ErrorCode.CARTS_TOO_MANY_LINES
    services.add(store, apples[1].pk, 1)  # an existing line still grows


def test_items_show_current_catalogue_data_in_two_queries(store, fruit, django_assert_num_queries):
    berry, apples = fruit["berries"]["1kg"], fruit["apples"]
    for sku in [berry, *apples]:
        services.add(store, sku.pk, 2)
    berry.price = "50.00"
    berry.save()
    with django_assert_num_queries(2):
        listed = services.items(store)
    assert [item.sku_id for item in listed] == [berry.pk, *(a.pk for a in apples)]
    first = listed[0]
    assert (first.name, str(first.price), first.count, first.amount) == (
        "新鲜草莓 1kg",
        "50.00",
        2,
        100,
    )
    assert first.image == berry.default_image.name != ""
    assert first.sale_attrs == [("规格", "1kg")] and listed[1].sale_attrs == []


def test_items_drop_lines_of_deleted_skus_and_flag_unlaunched_ones(store, fruit):
    apples = fruit["apples"]
    for sku in apples:
        services.add(store, sku.pk, 1)
    apples[1].is_launched = False
    apples[1].save()
    gone = apples[2].pk
    apples[2].delete()
    listed = services.items(store)
    assert [(item.sku_id, item.on_sale) for item in listed] == [
        (apples[0].pk, True),
        (apples[1].pk, False),
    ]
    assert store.get(gone) is None and store.count() == 2


def test_selected_lines_and_remove_lines_work_without_a_request(alice, store, fruit):
    apples = fruit["apples"]
    for n, sku in enumerate(reversed(apples)):
        services.add(store, sku.pk, n + 1)
    services.unselect(store, apples[1].pk)
    assert services.selected_lines(alice) == [(apples[0].pk, 3), (apples[2].pk, 1)]
    services.remove_lines(alice, [apples[0].pk])
    assert services.selected_lines(alice) == [(apples[2].pk, 1)]


def test_anonymous_shoppers_get_the_cookie_store_and_users_their_own(alice):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    anonymous = services.get_cart_store(request)
    assert isinstance(anonymous, SignedCookieCartStore)
    assert services.get_cart_store(request) is anonymous  # one store per request
    mine = services.get_cart_store(request, alice)
    expected = RedisCartStore if is_django_redis(get_cache("cart")) else CacheCartStore
    assert type(mine) is expected and mine.key.endswith(f"shopkit:cart:{alice.pk}")
    request.user = alice
    assert services.get_cart_store(request) is mine


def test_cart_count_counts_distinct_lines(alice, store, fruit):
    services.add(store, fruit["apples"][0].pk, 3)
    services.add(store, fruit["apples"][1].pk, 1)
    request = RequestFactory().get("/")
    request.user = alice
    assert services.cart_count(request) == 2
    assert services.cart_count(request, alice) == 2


def test_merge_takes_the_larger_count_capped_by_stock_and_selects(alice, store, fruit):
    berry, apples = fruit["berries"]["500g"], fruit["apples"]
    services.add(store, berry.pk, 5)
    services.add(store, apples[0].pk, 4)
    services.unselect_all(store)
    apples[2].is_launched = False
    apples[2].save()
    count = services.merge_offline_cart(
        alice,
        [(berry.pk, "30"), (str(apples[0].pk), 2), (apples[1].pk, 1), (apples[2].pk, 1), (9999, 1)],
    )
    assert count == 3
    assert store.lines() == [
        CartLine(berry.pk, 20, True),  # max(5, 30) capped by stock 20
        CartLine(apples[0].pk, 4, True),  # max(4, 2)
        CartLine(apples[1].pk, 1, True),
    ]


def test_merge_respects_the_line_limit(alice, store, fruit, settings):
    settings.SHOPKIT_CART_MAX_LINES = 2
    apples = fruit["apples"]
    services.add(store, apples[0].pk, 1)
    assert services.merge_offline_cart(alice, [(a.pk, 1) for a in apples]) == 2


def test_merge_refuses_non_numbers(alice):
    assert code_of(services.merge_offline_cart, alice, [("x", 1)]) == ErrorCode.CARTS_BAD_PARAMETER


def test_session_merge_moves_the_cookie_cart_into_the_users_and_empties_it(alice, store, fruit):
    apples = fruit["apples"]
    services.add(store, apples[0].pk, 2)
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    anonymous = services.get_cart_store(request)
    services.add(anonymous, apples[0].pk, 5)
    services.add(anonymous, apples[1].pk, 1)
    request.user = alice  # what login() does
    assert services.merge_session_cart(request, alice) == 2
    assert anonymous.lines() == []
    assert services.selected_lines(alice) == [(apples[0].pk, 5), (apples[1].pk, 1)]


class OwnStorePlugin:
    def __init__(self, store):
        self.store = store
        self.calls = []

    @hookimpl
    def shopkit_cart_store(self, request, user):
        self.calls.append((request, user))
        return self.store


def test_a_plugin_can_provide_the_store(alice):
    plugin = OwnStorePlugin(CacheCartStore(caches["default"], "plugin"))
    with registered_plugin(plugin, name="test-cart-store"):
        assert services.user_store(alice) is plugin.store
    assert plugin.calls == [(None, alice)]


@pytest.mark.services("redis")
def test_with_django_redis_users_carts_are_redis_hashes(alice, fruit):
    from django_redis import get_redis_connection

    store = services.user_store(alice)
    assert isinstance(store, RedisCartStore)
    apples = fruit["apples"]
    services.add(store, apples[0].pk, 2)
    services.add(store, apples[1].pk, 1)
    services.unselect(store, apples[1].pk)
    raw = get_redis_connection("default").hgetall(store.key)
    assert {int(k): v.split(b":")[:2] for k, v in raw.items()} == {
        apples[0].pk: [b"2", b"1"],
        apples[1].pk: [b"1", b"0"],
    }
    assert services.selected_lines(alice) == [(apples[0].pk, 2)]
    services.remove_lines(alice, [apples[0].pk])
    assert services.cart_count(RequestFactory().get("/"), alice) == 1
