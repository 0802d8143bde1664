"""The checks that warn when a plugin wins over what the host set explicitly
(shopkit.W021) or swaps the atomic cart store for one that is not (shopkit.W022)."""

from django.core.cache.backends.locmem import LocMemCache
from django.core.files.storage import FileSystemStorage

from shopkit import hookimpl
from shopkit.accounts.sms.console import ConsoleSMSProvider
from shopkit.cart.stores.cache import CacheCartStore
from shopkit.cart.stores.redis import RedisCartStore
from shopkit.core.plugin_checks import check_cart_store_atomicity, check_plugin_overrides

CONSOLE = {"BACKEND": "shopkit.accounts.sms.console.ConsoleSMSProvider"}


class OwnStorage:
    storage = FileSystemStorage(location="/tmp/shopkit-own-storage")

    @hookimpl
    def shopkit_storage(self, purpose):
        return self.storage


class OwnPageCache:
    cache = LocMemCache("own-page-cache", {})

    @hookimpl
    def shopkit_cache(self, purpose):
        return self.cache if purpose == "page" else None


class OwnSMS:
    def __init__(self, name):
        self.name = name

    @hookimpl
    def shopkit_sms_providers(self):
        return [ConsoleSMSProvider(name=self.name)]


class CartStorePlugin:
    def __init__(self, store_class):
        self.store_class = store_class

    @hookimpl
    def shopkit_cart_store(self, request, user):
        if user is None:
            return None
        if self.store_class is RedisCartStore:
            return RedisCartStore(client=None, key=f"own:{user.pk}")
        return CacheCartStore(LocMemCache("own-carts", {}), user.pk)


def warnings_of(messages):
    return [(message.id, message.obj) for message in messages]


def test_a_plugin_answering_a_storage_purpose_the_host_mapped_is_warned(settings, shopkit_plugin):
    settings.SHOPKIT_STORAGE_ALIASES = {"banner": "default"}
    shopkit_plugin(OwnStorage(), name="own-storage")
    messages = check_plugin_overrides()
    assert warnings_of(messages) == [("shopkit.W021", "own-storage")]
    assert "shopkit_storage(purpose='banner')" in messages[0].msg
    assert "SHOPKIT_STORAGE_ALIASES maps to 'default'" in messages[0].msg


def test_a_plugin_answering_unmapped_purposes_is_not_warned(settings, shopkit_plugin):
    settings.SHOPKIT_STORAGE_ALIASES = {}
    shopkit_plugin(OwnStorage(), name="own-storage")
    assert check_plugin_overrides() == []


def test_a_storage_package_serving_an_alias_without_backend_is_not_warned(settings, shopkit_plugin):
    settings.STORAGES = {**settings.STORAGES, "own": {"OPTIONS": {}}}
    settings.SHOPKIT_STORAGE_ALIASES = {"banner": "own"}
    shopkit_plugin(OwnStorage(), name="own-storage")
    assert check_plugin_overrides() == []


def test_a_plugin_answering_a_cache_purpose_the_host_mapped_is_warned(settings, shopkit_plugin):
    settings.SHOPKIT_CACHE_ALIASES = {"page": "default", "cart": "default"}
    shopkit_plugin(OwnPageCache(), name="own-cache")
    messages = check_plugin_overrides()
    assert warnings_of(messages) == [("shopkit.W021", "own-cache")]
    assert "shopkit_cache(purpose='page')" in messages[0].msg


def test_a_plugin_provider_replacing_one_the_host_configured_is_warned(settings, shopkit_plugin):
    settings.SHOPKIT_SMS_PROVIDERS = {"texts": CONSOLE}
    settings.SHOPKIT_SMS_CODE_PROVIDER = "texts"
    shopkit_plugin(OwnSMS("texts"), name="own-sms")
    messages = check_plugin_overrides()
    assert warnings_of(messages) == [("shopkit.W021", "own-sms")]
    assert "SMS provider 'texts', replacing the one SHOPKIT_SMS_PROVIDERS['texts']" in (
        messages[0].msg
    )


def test_a_plugin_provider_the_host_configured_without_backend_is_not_warned(
    settings, shopkit_plugin
):
    settings.SHOPKIT_SMS_PROVIDERS = {"texts": {"OPTIONS": {}}}
    shopkit_plugin(OwnSMS("texts"), name="own-sms")
    assert check_plugin_overrides() == []


def test_a_plugin_provider_never_displaces_the_hosts_sms_provider_as_default(
    settings, shopkit_plugin
):
    settings.SHOPKIT_SMS_PROVIDERS = {"texts": CONSOLE}
    shopkit_plugin(OwnSMS("extra"), name="own-sms")
    assert check_plugin_overrides() == []  # "texts", the host's, stays the default


def test_a_plugin_provider_becoming_the_sms_default_is_warned_unless_one_is_named(
    settings, shopkit_plugin
):
    # The host's only entry is for a provider package that is not installed.
    settings.SHOPKIT_SMS_PROVIDERS = {"texts": {"OPTIONS": {}}}
    shopkit_plugin(OwnSMS("extra"), name="own-sms")
    messages = check_plugin_overrides()
    assert warnings_of(messages) == [("shopkit.W021", "own-sms")]
    assert "'extra', which became the default SMS provider" in messages[0].msg
    assert "set SHOPKIT_SMS_CODE_PROVIDER to choose" in messages[0].msg
    settings.SHOPKIT_SMS_CODE_PROVIDER = "extra"
    assert check_plugin_overrides() == []


class RedisCartCache:
    """Carts in django-redis (never connected: building a store does not connect)."""

    @hookimpl
    def shopkit_cache(self, purpose):
        from django_redis.cache import RedisCache

        return RedisCache("redis://127.0.0.1:1/0", {}) if purpose == "cart" else None


def redis_carts(shopkit_plugin):
    shopkit_plugin(RedisCartCache(), name="redis-carts")


def test_replacing_the_atomic_redis_store_with_a_non_atomic_one_is_warned(settings, shopkit_plugin):
    redis_carts(shopkit_plugin)
    shopkit_plugin(CartStorePlugin(CacheCartStore), name="own-carts")
    [message] = check_cart_store_atomicity()
    assert (message.id, message.obj) == ("shopkit.W022", "own-carts")
    assert "replaces the atomic cart store RedisCartStore with CacheCartStore" in message.msg


class LocalCartCache:
    @hookimpl
    def shopkit_cache(self, purpose):
        return LocMemCache("local-carts", {}) if purpose == "cart" else None


def test_an_atomic_replacement_or_a_non_atomic_default_is_not_warned(shopkit_plugin):
    shopkit_plugin(LocalCartCache(), name="local-carts")
    shopkit_plugin(CartStorePlugin(CacheCartStore), name="own-carts")
    assert check_cart_store_atomicity() == []  # the default is the cache store: not atomic
    redis_carts(shopkit_plugin)
    shopkit_plugin(CartStorePlugin(RedisCartStore), name="atomic-carts")
    assert check_cart_store_atomicity() == []


def test_only_the_default_cart_store_is_not_warned(shopkit_plugin):
    redis_carts(shopkit_plugin)
    assert check_cart_store_atomicity() == []
