"""The probe: a third-party plugin swaps every seam without a line of shopkit changed.

The plugin is a real out-of-tree distribution, written at test time into a
folder put on ``sys.path``: one module implementing the hooks with
``from shopkit import hookimpl`` and a ``*.dist-info`` whose
``entry_points.txt`` advertises it in group ``shopkit``. shopkit finds it the
way it finds any installed plugin, by rebuilding the plugin manager with
autoload on. Its storage, cache, search backend, cart store and payment, SMS
and login providers subclass only shopkit's public base classes; the tests
ask for them only through shopkit's public entry points and pages, and run
the contract kits of ``shopkit.testing`` against them.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.test import override_settings

from shopkit import plugins
from shopkit.accounts.login_providers.registry import get_login_providers
from shopkit.accounts.sms.registry import get_sms_providers
from shopkit.cart import services as cart_services
from shopkit.core.backends import get_cache, get_storage
from shopkit.core.tokens import issue_token
from shopkit.payments.registry import get_payment_providers
from shopkit.search import get_search_backend
from shopkit.testing.cache import CacheContract
from shopkit.testing.cart import CartStoreContract
from shopkit.testing.login_providers import LoginProviderContract
from shopkit.testing.search import SearchBackendContract
from shopkit.testing.sms import SMSProviderContract
from shopkit.testing.storage import StorageContract
from tests.fixtures.distributions import installed_distribution

MODULE = "shopkit_probe_plugin"
DISTRIBUTION = "shopkit-probe-plugin"
ENTRY_POINT = "probe"

PLUGIN_SOURCE = '''
"""shopkit-probe-plugin: one answer of its own for every shopkit seam."""

import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

from django.core.cache import caches
from django.core.files.storage import InMemoryStorage

from shopkit import hookimpl
from shopkit.accounts.login_providers.base import LoginProvider, ProviderAccount
from shopkit.accounts.sms.base import SMSProvider
from shopkit.cart.stores.base import CartStore
from shopkit.cart.stores.cache import CacheCartStore
from shopkit.core.backends import get_cache
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.payments.providers.base import PaymentProvider, PaymentStart
from shopkit.search.backends.base import SearchBackend, SearchPage

#: The Django cache alias (in the host's CACHES) the probe keeps everything in.
CACHE_ALIAS = "probe"
MEDIA_URL = "https://cdn.probe.test/media/"
PAY_URL = "https://pay.probe.test/"
LOGIN_URL = "https://login.probe.test/authorize"


class ProbeStorage(InMemoryStorage):
    probe = True


class ProbeSearchBackend(SearchBackend):
    """An index in memory: every word must be in the name or the caption."""

    def __init__(self):
        self.index = {}
        self.queries = []

    def search(self, query, page, per_page, filters=None):
        self.queries.append(query)
        words = query.lower().split()
        hits = [
            sku
            for sku in self.index.values()
            if words
            and all(word in f"{sku.name} {sku.caption}".lower() for word in words)
            and all(getattr(sku, key) == value for key, value in (filters or {}).items())
        ]
        hits.sort(key=lambda sku: (-sku.sales, sku.pk))
        start = (page - 1) * per_page
        return SearchPage(hits[start : start + per_page], len(hits), page, per_page)

    def update(self, objects):
        for sku in objects:
            if sku.is_launched:
                self.index[sku.pk] = sku
            else:
                self.index.pop(sku.pk, None)

    def remove(self, objects):
        for sku in objects:
            self.index.pop(sku.pk, None)

    def rebuild(self, progress=None):
        from shopkit.goods.models import SKU

        self.index = {sku.pk: sku for sku in SKU.objects.launched()}
        if progress:
            progress(len(self.index), len(self.index))
        return len(self.index)


class ProbeCartStore(CartStore):
    """A logged-in shopper's cart, kept by shopkit's cache store under a key of ours."""

    def __init__(self, owner):
        self.owner = owner
        self.inner = CacheCartStore(get_cache("cart"), f"probe-{owner}")

    def lines(self):
        return self.inner.lines()

    def set_line(self, line):
        self.inner.set_line(line)

    def remove(self, sku_ids):
        self.inner.remove(sku_ids)

    def clear(self):
        self.inner.clear()


class ProbePaymentProvider(PaymentProvider):
    """Sends shoppers to the probe's pay page; it never confirms a payment."""

    title = "Probe Pay"

    def start(self, order, return_url, notify_url):
        return PaymentStart(url=f"{PAY_URL}?{urlencode({'order': order.pk})}")

    def verify_notification(self, data):
        raise ShopkitError(ErrorCode.PAYS_SIGNATURE_INVALID)

    def notification_response(self, accepted):
        return ("success" if accepted else "fail", "text/plain")

    def verify_return(self, data):
        raise ShopkitError(ErrorCode.PAYS_SIGNATURE_INVALID)

    def query(self, order):
        return None

    def refund(self, payment, reason):
        raise ShopkitError(ErrorCode.PAYS_REFUND_FAILED)


class ProbeSMSProvider(SMSProvider):
    """Keeps every message in ``OUTBOX`` as (phone, template, values).

    Options: ``fail`` (default False) makes every send fail.
    """

    def __init__(self, name, fail=False, **options):
        super().__init__(name, **options)
        self.fail = fail

    def send(self, phone, template, params):
        if self.fail:
            raise ShopkitError(ErrorCode.USERS_SMS_UNAVAILABLE)
        OUTBOX.append((phone, template, list(params.values())))


#: Codes the probe's login page issued: code -> (redirect_uri, uid).
CODES = {}


def approve(authorization_url, uid):
    """Play the shopper approving the login at ``authorization_url``; the callback query."""
    query = parse_qs(urlsplit(authorization_url).query)
    code = secrets.token_urlsafe(12)
    CODES[code] = (query["redirect_uri"][0], uid)
    return {"code": code, "state": query["state"][0]}


class ProbeLoginProvider(LoginProvider):
    """Options: ``refuse`` (default False) makes every code exchange fail."""

    title = "Probe"

    def __init__(self, name, refuse=False, **options):
        super().__init__(name, **options)
        self.refuse = refuse

    def authorization_url(self, redirect_uri, state):
        return f"{LOGIN_URL}?{urlencode({'redirect_uri': redirect_uri, 'state': state})}"

    def exchange_code(self, code, redirect_uri):
        issued = CODES.pop(code, None)
        if self.refuse or issued is None or issued[0] != redirect_uri:
            raise ShopkitError(ErrorCode.USERS_LOGIN_PROVIDER_FAILED)
        return ProviderAccount(uid=issued[1], profile={"nickname": "probe"})


STORAGE = ProbeStorage(base_url=MEDIA_URL)
SEARCH = ProbeSearchBackend()
OUTBOX = []
PAYMENT = ProbePaymentProvider("probe-pay")
SMS = ProbeSMSProvider("probe-sms")
LOGIN = ProbeLoginProvider("probe-login")


@hookimpl
def shopkit_storage(purpose):
    return STORAGE


@hookimpl
def shopkit_cache(purpose):
    return caches[CACHE_ALIAS]


@hookimpl
def shopkit_search_backend():
    return SEARCH


@hookimpl
def shopkit_cart_store(request, user):
    # Anonymous shoppers keep shopkit's cookie cart: None lets the next plugin answer.
    return ProbeCartStore(user.pk) if user is not None else None


@hookimpl
def shopkit_payment_providers():
    return [PAYMENT]


@hookimpl
def shopkit_sms_providers():
    return [SMS]


@hookimpl
def shopkit_login_providers():
    return [LOGIN]
'''


@pytest.fixture
def probe_distribution(tmp_path):
    """The plugin installed as a distribution on ``sys.path``; its module."""
    with installed_distribution(
        tmp_path,
        module=MODULE,
        source=PLUGIN_SOURCE,
        distribution=DISTRIBUTION,
        entry_point=ENTRY_POINT,
    ) as module:
        yield module


@pytest.fixture
def probe(probe_distribution, monkeypatch, settings):
    """shopkit with the probe loaded from its entry point, as a host that
    installed it (autoload on, one more cache alias) gets it; rebuilt without it
    afterwards."""
    monkeypatch.delenv(plugins.DISABLE_AUTOLOAD_ENV, raising=False)
    alias = probe_distribution.CACHE_ALIAS
    cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "probe"}
    with override_settings(SHOPKIT_PLUGIN_AUTOLOAD=True, CACHES={**settings.CACHES, alias: cache}):
        try:
            manager = plugins.rebuild()
            assert manager.get_plugin(ENTRY_POINT) is probe_distribution
            yield probe_distribution
        finally:
            caches[alias].clear()
    manager = plugins.rebuild()
    assert not manager.has_plugin(ENTRY_POINT)


# --- every seam answers with the probe's object -------------------------------


def test_the_plugin_is_loaded_from_its_distributions_entry_point(probe):
    manager = plugins.get_plugin_manager()
    [(plugin, dist)] = [
        (plugin, dist) for plugin, dist in manager.list_plugin_distinfo() if plugin is probe
    ]
    assert (dist.project_name, dist.version) == (DISTRIBUTION, "0.1")
    assert manager.get_name(probe) == ENTRY_POINT


@pytest.mark.parametrize("purpose", ["sku_image", "brand_logo", "banner", "any-purpose"])
def test_storage_of_every_purpose_is_the_plugins(probe, purpose):
    storage = get_storage(purpose)
    assert storage is probe.STORAGE and storage.probe


@pytest.mark.parametrize("purpose", ["page", "cart", "code", "history", "order", "ratelimit"])
def test_cache_of_every_purpose_is_the_plugins_alias(probe, purpose):
    assert get_cache(purpose) is caches[probe.CACHE_ALIAS]


def test_search_backend_is_the_plugins(probe):
    assert get_search_backend() is probe.SEARCH


def test_a_users_cart_store_is_the_plugins_and_a_visitors_stays_shopkits(
    probe, rf, django_user_model
):
    store = cart_services.user_store(django_user_model(pk=7))
    assert isinstance(store, probe.ProbeCartStore) and store.owner == 7
    visitor_store = cart_services.get_cart_store(rf.get("/"), None)
    assert not isinstance(visitor_store, probe.ProbeCartStore)


def test_provider_registries_hold_the_plugins_providers_first(probe):
    assert list(get_payment_providers().items())[0] == ("probe-pay", probe.PAYMENT)
    assert list(get_sms_providers().items())[0] == ("probe-sms", probe.SMS)
    assert list(get_login_providers().items())[0] == ("probe-login", probe.LOGIN)


# --- and shopkit's pages and API use them ------------------------------------


@pytest.fixture
def probe_berry(probe, django_capture_on_commit_callbacks):
    """A SKU with a picture; created in a committed block, so the catalogue
    event indexes it in the probe's backend, as it would in production."""
    from shopkit.goods.models import SKU, SPU, Category

    with django_capture_on_commit_callbacks(execute=True):
        fruit = Category.objects.create(name="新鲜水果")
        spu = SPU.objects.create(name="草莓", category=fruit)
        sku = SKU.objects.create(
            spu=spu,
            category=fruit,
            name="探针草莓 500g",
            caption="只有探针的索引知道",
            price=Decimal("29.90"),
            market_price=Decimal("35.00"),
            stock=20,
        )
        sku.default_image.save("berry.png", ContentFile(b"not really a png"))
    return sku


@pytest.mark.django_db
def test_sku_pictures_are_saved_in_the_plugins_storage(probe, probe_berry):
    assert probe.STORAGE.exists(probe_berry.default_image.name)
    assert probe_berry.default_image.url == probe.MEDIA_URL + probe_berry.default_image.name


@pytest.mark.django_db
def test_search_page_and_api_answer_from_the_plugins_index(probe, probe_berry, client):
    assert probe_berry.pk in probe.SEARCH.index  # put there by the catalogue event
    html = client.get("/search/", {"q": "探针"}).content.decode()
    assert "探针草莓 500g" in html
    answer = client.get("/v1/goods/search", {"q": "探针草莓"}).json()
    assert [sku["skuid"] for sku in answer["data"]] == [probe_berry.pk]
    assert answer["base_url"] == probe.MEDIA_URL
    assert probe.SEARCH.queries == ["探针", "探针草莓"]


@pytest.mark.django_db
def test_cart_api_and_page_keep_the_cart_in_the_plugins_store_and_cache(
    probe, probe_berry, client, django_user_model
):
    shopper = django_user_model.objects.create_user("prober", "prober@example.com", "x")
    answer = client.post(
        f"/v1/carts/{shopper.get_username()}",
        {"sku_id": probe_berry.pk, "count": 3},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {issue_token(shopper)}",
    ).json()
    assert answer["code"] == 200 and answer["base_url"] == probe.MEDIA_URL
    assert caches[probe.CACHE_ALIAS].get(f"shopkit:cart:probe-{shopper.pk}") == [
        [probe_berry.pk, 3, 1]
    ]
    client.force_login(shopper)
    page = client.get("/cart/").content.decode()
    assert "探针草莓 500g" in page and 'value="3"' in page


@pytest.mark.django_db
def test_sms_codes_payment_list_and_login_url_come_from_the_plugins_providers(
    probe, client, settings
):
    # The host lists its own SMS provider, which a plugin's never displaces
    # unless the host names the plugin's.
    settings.SHOPKIT_SMS_CODE_PROVIDER = "probe-sms"
    sent = client.post(
        "/v1/users/sms/code", {"phone": "13900001111"}, content_type="application/json"
    )
    assert sent.json()["code"] == 200
    [(phone, template, (code, minutes))] = probe.OUTBOX
    assert phone == "13900001111" and code.isdigit()

    providers = client.get("/v1/pays/providers").json()["data"]
    assert providers[0] == {"name": "probe-pay", "title": "Probe Pay"}

    url = client.get("/v1/users/probe-login/authorization").json()["oauth_url"]
    assert url.startswith(probe.LOGIN_URL + "?")


# --- the contract kits pass against the probe's implementations ---------------


class TestProbeSMSProviderContract(SMSProviderContract):
    @pytest.fixture(autouse=True)
    def _probe(self, probe):
        self.provider_class = probe.ProbeSMSProvider
        self.probe = probe

    def provider_options(self):
        return {}

    def failing_provider_options(self):
        return {"fail": True}

    def delivered(self):
        return self.probe.OUTBOX


class TestProbeLoginProviderContract(LoginProviderContract):
    @pytest.fixture(autouse=True)
    def _probe(self, probe):
        self.provider_class = probe.ProbeLoginProvider
        self.probe = probe
        self.uid = uuid.uuid4().hex

    def provider_options(self):
        return {}

    def failing_provider_options(self):
        return {"refuse": True}

    def approve(self, provider, authorization_url):
        return self.probe.approve(authorization_url, self.uid)

    def approved_uid(self):
        return self.uid


class TestProbeCartStoreContract(CartStoreContract):
    @pytest.fixture(autouse=True)
    def _probe(self, probe):
        self.probe = probe

    def make_store(self):
        return self.probe.ProbeCartStore(uuid.uuid4().hex)

    def reopen(self, store):
        return self.probe.ProbeCartStore(store.owner)


class TestProbeStorageContract(StorageContract):
    @pytest.fixture(autouse=True)
    def _probe(self, probe):
        self.probe = probe

    def make_storage(self):
        return self.probe.ProbeStorage(base_url=self.probe.MEDIA_URL)

    def read_url(self, url):
        # The probe's CDN serves what its storage holds under the URL's path.
        with self.storage.open(unquote(url.removeprefix(self.probe.MEDIA_URL)), "rb") as handle:
            return handle.read()


class TestProbeSearchBackendContract(SearchBackendContract):
    @pytest.fixture(autouse=True)
    def _probe(self, probe):
        self.probe = probe

    def make_backend(self):
        return self.probe.ProbeSearchBackend()


class TestProbeCacheContract(CacheContract):
    @pytest.fixture(autouse=True)
    def _probe(self, probe):
        self.probe = probe

    def make_cache(self):
        return caches[self.probe.CACHE_ALIAS]
