"""The seam resolver: every backend and provider family asked once, kept until
the plugins or a relevant setting change, and one error when nobody answers."""

import re
import threading

import pytest
from django.contrib.auth.models import User
from django.core.cache import InvalidCacheBackendError, caches
from django.core.files.storage import FileSystemStorage
from django.test import override_settings

from shopkit import hookimpl
from shopkit.accounts.sms.base import SMSProvider
from shopkit.accounts.sms.registry import get_sms_providers
from shopkit.cart import services as cart
from shopkit.core.backends import get_cache, get_storage
from shopkit.core.seams import SeamNotConfigured, resolver
from shopkit.payments.providers.base import PaymentProvider
from shopkit.payments.registry import get_payment_providers
from shopkit.search import get_search_backend
from shopkit.search.backends.database import DatabaseSearchBackend


class Counting:
    """Answers every seam, counting how often each hook is asked."""

    def __init__(self):
        self.asked = {}
        self.storage = FileSystemStorage(location="/tmp/counted")
        self.search = DatabaseSearchBackend()
        self.payment = PaymentProvider(name="counted-pay")
        self.sms = SMSProvider(name="counted-sms")

    def count(self, hook, *args):
        self.asked[(hook, *args)] = self.asked.get((hook, *args), 0) + 1

    @hookimpl
    def shopkit_storage(self, purpose):
        self.count("storage", purpose)
        return self.storage

    @hookimpl
    def shopkit_cache(self, purpose):
        self.count("cache", purpose, threading.get_ident())
        return caches["default"]

    @hookimpl
    def shopkit_search_backend(self):
        self.count("search")
        return self.search

    @hookimpl
    def shopkit_cart_store(self, request, user):
        self.count("cart")
        return object()

    @hookimpl
    def shopkit_payment_providers(self):
        self.count("payment")
        return [self.payment]

    @hookimpl
    def shopkit_sms_providers(self):
        self.count("sms")
        return [self.sms]


@pytest.fixture
def counting(shopkit_plugin):
    return shopkit_plugin(Counting(), name="counting")


LOOKUPS = {
    "storage": lambda: get_storage("sku_image"),
    "search": get_search_backend,
    "payment": get_payment_providers,
    "sms": get_sms_providers,
}


def asked(counting, family):
    return sum(n for key, n in counting.asked.items() if key[0] == family)


@pytest.mark.parametrize("family", sorted(LOOKUPS))
def test_each_family_asks_its_hook_once_for_two_lookups(counting, family):
    lookup = LOOKUPS[family]
    assert lookup() == lookup()
    assert asked(counting, family) == 1


def test_storage_is_kept_per_purpose(counting):
    assert get_storage("sku_image") is get_storage("sku_image") is counting.storage
    get_storage("banner")
    assert counting.asked == {("storage", "sku_image"): 1, ("storage", "banner"): 1}


def test_a_caller_changing_a_provider_registry_does_not_change_the_kept_one(counting):
    get_payment_providers().pop("counted-pay")
    assert "counted-pay" in get_payment_providers()
    assert asked(counting, "payment") == 1


@pytest.mark.parametrize(
    "setting",
    ["SHOPKIT_ANYTHING", "STORAGES", "CACHES", "HAYSTACK_CONNECTIONS", "DEBUG", "STATIC_URL"],
)
def test_a_relevant_setting_change_asks_again(counting, settings, setting):
    get_storage("sku_image")
    with override_settings(**{setting: getattr(settings, setting, None)}):
        get_storage("sku_image")
    get_storage("sku_image")  # and again once the override ends
    assert asked(counting, "storage") == 3


def test_an_unrelated_setting_change_keeps_the_answers(counting):
    get_storage("sku_image")
    with override_settings(MEDIA_ROOT="/tmp/elsewhere", SOMETHING_ELSE=1):
        get_storage("sku_image")
    assert asked(counting, "storage") == 1


def test_registering_or_unregistering_any_plugin_asks_again(counting, shopkit_plugin):
    get_payment_providers()

    class Unrelated:
        @hookimpl
        def shopkit_order_placed(self, order):
            pass

    with_unrelated = shopkit_plugin(Unrelated(), name="unrelated")
    get_payment_providers()
    from shopkit.plugins import get_plugin_manager

    get_plugin_manager().unregister(with_unrelated)
    get_payment_providers()
    assert asked(counting, "payment") == 3


def test_a_rebuild_drops_the_answers_of_the_old_plugins(rebuilt_plugins):
    counting = Counting()
    from shopkit.plugins import get_plugin_manager

    get_plugin_manager().register(counting, name="counting")
    assert get_storage("sku_image") is counting.storage
    rebuilt_plugins()  # built from settings: "counting" is gone
    assert get_storage("sku_image") is not counting.storage


def test_caches_are_kept_per_thread_like_djangos(counting):
    here = get_cache("page")
    assert get_cache("page") is here is caches["default"]
    there = {}

    def in_a_thread():
        there["first"], there["second"] = get_cache("page"), get_cache("page")
        there["django"] = caches["default"]

    thread = threading.Thread(target=in_a_thread)
    thread.start()
    thread.join()
    assert there["first"] is there["second"] is there["django"]
    assert there["first"] is not here
    assert asked(counting, "cache") == 2  # once per thread


def test_storages_are_shared_by_threads(counting):
    here = get_storage("sku_image")
    there = []
    thread = threading.Thread(target=lambda: there.append(get_storage("sku_image")))
    thread.start()
    thread.join()
    assert there == [here]
    assert asked(counting, "storage") == 1


def test_the_cart_store_is_asked_every_time(counting):
    shopper = User(pk=7)
    assert cart.user_store(shopper) is not cart.user_store(shopper)
    assert asked(counting, "cart") == 2


def test_reset_empties_every_family(counting):
    get_storage("sku_image"), get_cache("page"), get_search_backend(), get_sms_providers()
    resolver.reset()
    get_storage("sku_image"), get_cache("page"), get_search_backend(), get_sms_providers()
    assert {
        family: asked(counting, family) for family in ("storage", "cache", "search", "sms")
    } == {
        "storage": 2,
        "cache": 2,
        "search": 2,
        "sms": 2,
    }


# --- the one error ------------------------------------------------------------


@pytest.mark.parametrize(
    ("default_plugin", "lookup", "call"),
    [
        ("storage", lambda: get_storage("sku_image"), "shopkit_storage(purpose='sku_image')"),
        ("cache", lambda: get_cache("page"), "shopkit_cache(purpose='page')"),
        ("search", get_search_backend, "shopkit_search_backend()"),
        (
            "cart",
            lambda: cart.user_store(User(pk=7)),
            "shopkit_cart_store(request=None, user=<User pk=7>)",
        ),
    ],
)
def test_no_answer_is_one_error_naming_the_call_and_the_fix(
    rebuilt_plugins, default_plugin, lookup, call
):
    with override_settings(SHOPKIT_DISABLED_PLUGINS=[f"shopkit.default_plugins.{default_plugin}"]):
        rebuilt_plugins()
        with pytest.raises(
            SeamNotConfigured, match=re.escape(f"No plugin answered {call}: ")
        ) as error:
            lookup()
    hook = call.split("(")[0]
    assert f"a plugin that implements {hook}; see docs/plugins.md." in str(error.value)


def test_no_provider_at_all_is_an_empty_registry_not_an_error(rebuilt_plugins):
    with override_settings(SHOPKIT_DISABLED_PLUGINS=["shopkit.default_plugins.providers"]):
        rebuilt_plugins()
        assert get_payment_providers() == {} and get_sms_providers() == {}


class WrongProviders:
    @hookimpl
    def shopkit_payment_providers(self):
        return ["alipay"]

    @hookimpl
    def shopkit_sms_providers(self):
        return PaymentProvider(name="not-a-list")


@pytest.mark.parametrize(
    ("lookup", "message"),
    [
        (
            get_payment_providers,
            "shopkit_payment_providers() returned 'alipay' where a list of PaymentProvider "
            "instances belongs: make every implementation of shopkit_payment_providers return "
            "a list of PaymentProvider instances (the built-in one builds them from "
            "SHOPKIT_PAYMENT_PROVIDERS); see docs/plugins.md.",
        ),
        (
            get_sms_providers,
            "shopkit_sms_providers() returned <PaymentProvider 'not-a-list'> where a list of "
            "SMSProvider instances belongs",
        ),
    ],
)
def test_a_wrong_provider_answer_is_the_same_error(shopkit_plugin, lookup, message):
    shopkit_plugin(WrongProviders(), name="wrong")
    with pytest.raises(SeamNotConfigured, match=re.escape(message)):
        lookup()


@override_settings(SHOPKIT_CACHE_ALIASES={"page": "nowhere"})
def test_a_failing_default_is_the_same_error_naming_the_call():
    with pytest.raises(
        SeamNotConfigured, match=re.escape("shopkit_cache(purpose='page') failed")
    ) as error:
        get_cache("page")
    assert "nowhere" in str(error.value) and "docs/plugins.md" in str(error.value)
    assert isinstance(error.value.__cause__, InvalidCacheBackendError)


@override_settings(SHOPKIT_CACHE_ALIASES={"cart": "nowhere"})
def test_a_seam_failing_inside_another_is_reported_once():
    with pytest.raises(SeamNotConfigured) as error:
        cart.user_store(User(pk=7))
    assert str(error.value).startswith("shopkit_cache(purpose='cart') failed")


class AnswersSecondTime:
    calls = 0

    @hookimpl
    def shopkit_search_backend(self):
        self.calls += 1
        return None if self.calls == 1 else DatabaseSearchBackend()


@override_settings(SHOPKIT_DISABLED_PLUGINS=["shopkit.default_plugins.search"])
def test_a_failed_lookup_is_not_kept(rebuilt_plugins, shopkit_plugin):
    rebuilt_plugins()
    plugin = shopkit_plugin(AnswersSecondTime(), name="second-time")
    with pytest.raises(SeamNotConfigured):
        get_search_backend()
    assert get_search_backend() is get_search_backend()
    assert plugin.calls == 2
