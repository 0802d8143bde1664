"""shopkit's settings: one typed, documented property per ``SHOPKIT_*`` setting.

Values are read from ``django.conf.settings`` on first access, never at import
time, and kept for as long as Django's settings object is the same: the hot
paths ask on every request. ``override_settings`` (and pytest-django's
``settings``) puts a new settings object in place and back, so they are read
again; settings changed by assignment at run time, which Django advises
against, are not seen. Importing this module is free::

    from shopkit.conf import app_settings
    app_settings.PLUGINS
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ImproperlyConfigured

SEARCH_BACKENDS = ("haystack", "database")
SANDBOX_PROVIDER = {
    "sandbox": {"BACKEND": "shopkit.payments.providers.sandbox.SandboxPaymentProvider"}
}
CONSOLE_SMS_PROVIDER = {"console": {"BACKEND": "shopkit.accounts.sms.console.ConsoleSMSProvider"}}


#: A setting the project does not set (its default applies).
_UNSET = object()


class ShopkitSettings:
    prefix = "SHOPKIT_"

    def __init__(self) -> None:
        #: Django's settings object, and setting name (without the prefix) →
        #: the value read from it, or ``_UNSET``. One tuple, replaced whole, so
        #: a thread never files a value under another settings object.
        self._kept: tuple[Any, dict[str, Any]] = (None, {})

    def _setting(self, name: str, default: Any) -> Any:
        from django.conf import settings

        # The object behind the lazy settings: override_settings swaps it (the
        # same test Django's own attribute cache on ``settings`` relies on).
        holder = settings._wrapped
        kept_for, read = self._kept
        if kept_for is not holder:
            read = {}
            self._kept = (holder, read)
        try:
            value = read[name]
        except KeyError:
            value = read[name] = getattr(settings, self.prefix + name, _UNSET)
        return default if value is _UNSET else value

    # --- plugins -----------------------------------------------------------

    @property
    def PLUGINS(self) -> list[str]:
        """Dotted paths of plugin modules (or objects) to register after the
        built-in and entry-point plugins, so their hook results win."""
        return list(self._setting("PLUGINS", []))

    @property
    def PLUGIN_AUTOLOAD(self) -> bool:
        """Whether plugins advertised by installed distributions (entry point
        group ``shopkit``) are loaded. The environment variable
        ``SHOPKIT_DISABLE_PLUGIN_AUTOLOAD=1`` also turns it off."""
        return bool(self._setting("PLUGIN_AUTOLOAD", True))

    @property
    def DISABLED_PLUGINS(self) -> list[str]:
        """Plugin names (entry point names, or the names shown by
        ``manage.py shopkit_plugins``) that are never registered."""
        return list(self._setting("DISABLED_PLUGINS", []))

    @property
    def PLUGIN_CONFIG(self) -> dict[str, dict[str, Any]]:
        """Each plugin's own settings, under the name the plugin declares:
        ``{"my-sms": {"api_key": "…"}}``. A plugin reads its entry through
        ``shopkit.core.plugin_config.PluginConfig``, which validates it against
        the plugin's schema; the system check ``shopkit.E020`` reports an
        invalid entry of a registered plugin at start-up."""
        value = self._setting("PLUGIN_CONFIG", {})
        if not isinstance(value, dict) or not all(isinstance(key, str) for key in value):
            raise ImproperlyConfigured(
                f"{self.prefix}PLUGIN_CONFIG must be a dict of {{plugin name: {{key: value}}}}, "
                f"not {value!r}."
            )
        return dict(value)

    # --- infrastructure aliases --------------------------------------------

    @property
    def STORAGE_ALIASES(self) -> dict[str, str]:
        """Maps a file purpose (``"sku_image"``, ``"banner"`` …) to an alias in
        Django's ``STORAGES``. Purposes not listed use ``"default"``."""
        return dict(self._setting("STORAGE_ALIASES", {}))

    @property
    def CACHE_ALIASES(self) -> dict[str, str]:
        """Maps a cache purpose (``"page"``, ``"cart"``, ``"code"`` …) to an
        alias in Django's ``CACHES``. Purposes not listed use ``"default"``."""
        return dict(self._setting("CACHE_ALIASES", {}))

    @property
    def SEARCH_CONNECTION(self) -> str:
        """The ``HAYSTACK_CONNECTIONS`` alias the default search backend uses."""
        return str(self._setting("SEARCH_CONNECTION", "default"))

    @property
    def SEARCH_BACKEND(self) -> str:
        """The built-in search backend the default plugin returns:
        ``"haystack"`` (the connection named by ``SHOPKIT_SEARCH_CONNECTION``)
        or ``"database"`` (a lookup over SKU name and caption, no index). A
        plugin implementing ``shopkit_search_backend`` overrides either."""
        value = self._setting("SEARCH_BACKEND", "haystack")
        if value not in SEARCH_BACKENDS:
            raise ImproperlyConfigured(
                f"{self.prefix}SEARCH_BACKEND must be one of {', '.join(SEARCH_BACKENDS)}, "
                f"not {value!r}."
            )
        return str(value)

    @property
    def SEARCH_PAGE_SIZE(self) -> int:
        """How many results a search page (storefront and API) shows."""
        return self._positive_int("SEARCH_PAGE_SIZE", 9)

    @property
    def SEARCH_MAX_QUERY_LENGTH(self) -> int:
        """The longest search query accepted, in characters; longer ones are
        rejected (``GOODS_BAD_PARAMETER`` in the API, a message on the page)."""
        return self._positive_int("SEARCH_MAX_QUERY_LENGTH", 100)

    @property
    def SEARCH_WARM_ON_START(self) -> bool:
        """Whether web and worker processes load the Chinese search dictionary
        when they start (about 1 s), so the first search is as fast as the
        rest. Management commands other than ``runserver`` never do."""
        return bool(self._setting("SEARCH_WARM_ON_START", True))

    # --- providers -----------------------------------------------------------

    @property
    def PAYMENT_PROVIDERS(self) -> dict[str, dict[str, Any]]:
        """Payment providers by name: ``{name: {"BACKEND": dotted class path,
        "OPTIONS": {...}}}``. The default plugin builds each entry with a
        ``BACKEND`` as ``BACKEND(name=name, **OPTIONS)``; an entry without one
        configures the provider of that name that a plugin in ``SHOPKIT_PLUGINS``
        provides (``"alipay"``: ``shopkit.contrib.alipay``). Unset, the sandbox
        provider is active while ``DEBUG`` is on and no provider otherwise: the
        sandbox lets anyone mark an order paid, so it never comes on in
        production by default."""
        return dict(self._setting("PAYMENT_PROVIDERS", self._debug_only(SANDBOX_PROVIDER)))

    @property
    def DEFAULT_PAYMENT_PROVIDER(self) -> str | None:
        """The name of the payment provider used when none is chosen (the
        ``pay_url`` of a new order, ``POST /v1/pays/<order_id>`` without
        ``provider``); ``None`` (the default) uses the first active provider
        (``shopkit.core.providers.first_active_name``)."""
        value = self._setting("DEFAULT_PAYMENT_PROVIDER", None)
        return None if value is None else str(value)

    @property
    def PAYMENT_BASE_URL(self) -> str | None:
        """The public scheme and host (``"https://shop.example.com"``) that
        payment notify and return URLs are built on; ``None`` builds them from
        the request's host."""
        value = self._setting("PAYMENT_BASE_URL", None)
        if value is not None and not (isinstance(value, str) and value.startswith("http")):
            raise ImproperlyConfigured(
                f"{self.prefix}PAYMENT_BASE_URL must be an http(s) URL or None, not {value!r}."
            )
        return value.rstrip("/") if value else None

    @property
    def REFUND_RETRY_INTERVAL(self) -> int:
        """Seconds a refund that failed waits before the periodic task tries it
        again (default 10 minutes)."""
        return self._positive_int("REFUND_RETRY_INTERVAL", 10 * 60)

    @property
    def REFUND_MAX_ATTEMPTS(self) -> int:
        """How many times a refund is tried before it is left to staff (default 5)."""
        return self._positive_int("REFUND_MAX_ATTEMPTS", 5)

    @property
    def SMS_PROVIDERS(self) -> dict[str, dict[str, Any]]:
        """SMS providers by name, in the same form as ``SHOPKIT_PAYMENT_PROVIDERS``
        (``"yuntongxun"``: ``shopkit.contrib.yuntongxun``). Unset, codes are
        printed to the console while ``DEBUG`` is on, and no provider is active
        otherwise."""
        return dict(self._setting("SMS_PROVIDERS", self._debug_only(CONSOLE_SMS_PROVIDER)))

    @property
    def LOGIN_PROVIDERS(self) -> dict[str, dict[str, Any]]:
        """Login providers (Weibo, QQ …) by name, in the same form as
        ``SHOPKIT_PAYMENT_PROVIDERS`` (``"weibo"``: ``shopkit.contrib.weibo``);
        each is a ``LoginProvider``. Unset, no login provider is active."""
        value = self._setting("LOGIN_PROVIDERS", {})
        if not isinstance(value, dict):
            raise ImproperlyConfigured(
                f"{self.prefix}LOGIN_PROVIDERS must be a dict of "
                '{name: {"BACKEND": "dotted.Class", "OPTIONS": {...}}} '
                "(BACKEND left out for a plugin's provider)."
            )
        return dict(value)

    # --- API -----------------------------------------------------------------

    @property
    def API_PATH_PREFIX(self) -> str:
        """The path the JSON API is included under. Every response below it is
        a JSON envelope, errors and unknown paths included."""
        return str(self._setting("API_PATH_PREFIX", "/v1/"))

    @property
    def JWT_SECRET_KEY(self) -> str:
        """The HS256 key API tokens are signed with. Defaults to ``SECRET_KEY``."""
        from django.conf import settings

        return str(self._setting("JWT_SECRET_KEY", None) or settings.SECRET_KEY)

    @property
    def JWT_LIFETIME(self) -> int:
        """How long an API token is valid, in seconds (default one day)."""
        return int(self._setting("JWT_LIFETIME", 24 * 60 * 60))

    # --- catalogue ----------------------------------------------------------

    @property
    def LIST_PAGE_SIZE(self) -> int:
        """How many SKUs a category list page (storefront and API) shows."""
        return int(self._setting("LIST_PAGE_SIZE", 9))

    @property
    def STATIC_INDEX_PATH(self) -> str | None:
        """Where the rendered static home page is written (an HTML file path), or
        ``None`` to not render one."""
        return self._setting("STATIC_INDEX_PATH", None)

    # --- helpers ---------------------------------------------------------------

    def _debug_only(self, providers: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        from django.conf import settings

        return providers if settings.DEBUG else {}

    def _positive_int(self, name: str, default: int) -> int:
        value = self._setting(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ImproperlyConfigured(
                f"{self.prefix}{name} must be a positive integer, not {value!r}."
            )
        return value

    # --- accounts ------------------------------------------------------------

    @property
    def REGISTER_REQUIRE_SMS(self) -> bool:
        """Whether registering needs the SMS code sent to the mobile phone.
        When False a code that is sent along is still checked."""
        return bool(self._setting("REGISTER_REQUIRE_SMS", False))

    @property
    def SESSION_LOGIN_REQUIRES_ACTIVATION(self) -> bool:
        """Whether storefront (session) login waits until the email address is
        activated."""
        return bool(self._setting("SESSION_LOGIN_REQUIRES_ACTIVATION", True))

    @property
    def TOKEN_LOGIN_REQUIRES_ACTIVATION(self) -> bool:
        """Whether API (token) login and registration wait until the email
        address is activated. Off by default: a dadashop-style front end logs
        in straight after registering."""
        return bool(self._setting("TOKEN_LOGIN_REQUIRES_ACTIVATION", False))

    @property
    def ACTIVATION_MAX_AGE(self) -> int:
        """How long an activation link stays valid, in seconds (default three days)."""
        return int(self._setting("ACTIVATION_MAX_AGE", 3 * 24 * 60 * 60))

    @property
    def FRONTEND_URL(self) -> dict[str, str]:
        """Links for a separate front end, by name, as ``str.format`` templates:
        ``"activation"`` (gets ``{code}``), ``"<login provider>_callback"``
        (e.g. ``"weibo_callback"``) and ``"pay_result"`` (gets ``{query}``, the
        payment provider's return parameters as a query string). A name not
        listed links to the storefront's own page."""
        return dict(self._setting("FRONTEND_URL", {}))

    @property
    def SMS_CODE_PROVIDER(self) -> str | None:
        """The name of the SMS provider that sends verification codes; ``None``
        uses the first active provider (``shopkit.core.providers.first_active_name``)."""
        return self._setting("SMS_CODE_PROVIDER", None)

    @property
    def SMS_CODE_TEMPLATE(self) -> str:
        """The provider's template for verification codes; it is filled with the
        code and the minutes it stays valid."""
        return str(self._setting("SMS_CODE_TEMPLATE", "1"))

    @property
    def SMS_CODE_TIMEOUT(self) -> int:
        """How long an SMS verification code stays valid, in seconds."""
        return int(self._setting("SMS_CODE_TIMEOUT", 5 * 60))

    @property
    def SMS_CODE_INTERVAL(self) -> int:
        """Seconds before another code may be sent to the same phone or email."""
        return int(self._setting("SMS_CODE_INTERVAL", 60))

    @property
    def SMS_CODE_IP_LIMIT(self) -> int:
        """SMS codes one client IP address may have sent, to any phones, within
        ``SMS_CODE_IP_WINDOW``."""
        return int(self._setting("SMS_CODE_IP_LIMIT", 10))

    @property
    def SMS_CODE_IP_WINDOW(self) -> int:
        """The window SMS codes per client address are counted in, in seconds."""
        return int(self._setting("SMS_CODE_IP_WINDOW", 60 * 60))

    @property
    def RESET_CODE_TIMEOUT(self) -> int:
        """How long an emailed password-reset code, and then its successful
        verification, stay valid, in seconds."""
        return int(self._setting("RESET_CODE_TIMEOUT", 10 * 60))

    @property
    def CODE_MAX_ATTEMPTS(self) -> int:
        """Wrong guesses after which an SMS or reset code is thrown away."""
        return int(self._setting("CODE_MAX_ATTEMPTS", 5))

    @property
    def LOGIN_FAILURE_LIMIT(self) -> int:
        """Failed logins per account name within ``LOGIN_FAILURE_WINDOW`` before
        that name is locked for the rest of the window."""
        return int(self._setting("LOGIN_FAILURE_LIMIT", 5))

    @property
    def LOGIN_IP_FAILURE_LIMIT(self) -> int:
        """Failed logins per client IP address within ``LOGIN_FAILURE_WINDOW``
        before that address is locked for the rest of the window."""
        return int(self._setting("LOGIN_IP_FAILURE_LIMIT", 20))

    @property
    def LOGIN_FAILURE_WINDOW(self) -> int:
        """The window failed logins are counted in, in seconds."""
        return int(self._setting("LOGIN_FAILURE_WINDOW", 15 * 60))

    @property
    def ADDRESS_LIMIT(self) -> int:
        """The most (not deleted) addresses one shopper may keep."""
        return int(self._setting("ADDRESS_LIMIT", 20))

    # --- cart -----------------------------------------------------------------

    @property
    def CART_MAX_COUNT(self) -> int:
        """The most units of one SKU a cart line, or an order line, may hold (default 999)."""
        return self._positive_int("CART_MAX_COUNT", 999)

    @property
    def CART_MAX_LINES(self) -> int:
        """The most lines (distinct SKUs) one cart may hold (default 100). It also
        bounds the anonymous shopper's cart cookie and the lines of one order."""
        return self._positive_int("CART_MAX_LINES", 100)

    @property
    def CART_COOKIE_NAME(self) -> str:
        """The name of the signed cookie holding an anonymous shopper's cart."""
        return str(self._setting("CART_COOKIE_NAME", "shopkit_cart"))

    @property
    def CART_COOKIE_AGE(self) -> int:
        """How long an anonymous shopper's cart cookie lives, in seconds (default
        14 days); an older cookie is ignored even if a browser still sends it."""
        return self._positive_int("CART_COOKIE_AGE", 14 * 24 * 60 * 60)

    # --- orders -------------------------------------------------------------

    @property
    def FREIGHT(self) -> Decimal:
        """The freight charged per order (``Decimal``, default ``10.00``)."""
        return Decimal(str(self._setting("FREIGHT", "10.00")))

    @property
    def FREE_FREIGHT_THRESHOLD(self) -> Decimal | None:
        """Goods amount from which freight is free (default ``99.00``); ``None``: never free."""
        value = self._setting("FREE_FREIGHT_THRESHOLD", "99.00")
        return None if value is None else Decimal(str(value))

    @property
    def ORDER_PAY_TIMEOUT(self) -> int:
        """Seconds an order may stay unpaid before the periodic task cancels it
        and restores its stock (default 30 minutes)."""
        return int(self._setting("ORDER_PAY_TIMEOUT", 30 * 60))

    # --- branding -------------------------------------------------------------

    @property
    def SHOP_NAME(self) -> str:
        """The store's name: the page header and titles, and the seller shown
        with orders (the API's ``saller``). Defaults to ``WAGTAIL_SITE_NAME``,
        else ``"shopkit"``."""
        from django.conf import settings

        return str(self._setting("SHOP_NAME", getattr(settings, "WAGTAIL_SITE_NAME", "shopkit")))

    @property
    def LOGO(self) -> str | None:
        """The logo shown in the page header: a static file path
        (``"mysite/logo.png"``) or an absolute URL; ``None`` (the default) shows
        the store's name as text."""
        value = self._setting("LOGO", None)
        if value is not None and not (isinstance(value, str) and value.strip()):
            raise ImproperlyConfigured(
                f"{self.prefix}LOGO must be a static file path or a URL, not {value!r}."
            )
        return value

    @property
    def METRICS_ALLOWED_NETWORKS(self) -> tuple[Any, ...]:
        """Who may read ``/metrics``: networks in CIDR form, matched against
        ``REMOTE_ADDR``. Defaults to this machine (``["127.0.0.0/8", "::1/128"]``);
        add the Prometheus server's address, or the proxy's when it forwards
        scrapes. Anyone else gets 403."""
        import ipaddress

        value = self._setting("METRICS_ALLOWED_NETWORKS", ["127.0.0.0/8", "::1/128"])
        if isinstance(value, str) or not isinstance(value, list | tuple):
            raise ImproperlyConfigured(f"{self.prefix}METRICS_ALLOWED_NETWORKS must be a list.")
        try:
            return tuple(ipaddress.ip_network(network) for network in value)
        except (TypeError, ValueError) as exc:
            raise ImproperlyConfigured(
                f"{self.prefix}METRICS_ALLOWED_NETWORKS: {exc} (write networks like 10.0.0.0/8)."
            ) from exc

    @property
    def HEALTH_CHECKS(self) -> list[Any]:
        """Checks ``/health/`` runs besides the shop's own (every database,
        cache and storage purpose, and the broker): django-health-check
        checks as dotted paths or ``(dotted path, options)`` pairs, e.g.
        ``[("health_check.contrib.celery.Ping", {"limit": 1})]`` to require a
        running worker."""
        value = self._setting("HEALTH_CHECKS", [])
        if isinstance(value, str) or not isinstance(value, list | tuple):
            raise ImproperlyConfigured(f"{self.prefix}HEALTH_CHECKS must be a list.")
        return list(value)

    # --- read replicas ------------------------------------------------------------

    @property
    def READ_REPLICAS(self) -> list[str]:
        """Aliases in ``DATABASES`` of read replicas of ``"default"``. With
        ``shopkit.core.routers.ReplicaRouter`` in ``DATABASE_ROUTERS`` and
        ``shopkit.core.middleware.ReadYourWritesMiddleware`` in ``MIDDLEWARE``,
        catalogue reads of web requests go to one of them at random; every
        other read and every write goes to the primary (docs: deployment,
        "Read replicas"). Empty (the default): no replica is used."""
        from django.conf import settings

        value = self._setting("READ_REPLICAS", [])
        if isinstance(value, str) or not isinstance(value, list | tuple):
            raise ImproperlyConfigured(
                f"{self.prefix}READ_REPLICAS must be a list of DATABASES aliases, not {value!r}."
            )
        for alias in value:
            if alias == "default" or alias not in settings.DATABASES:
                raise ImproperlyConfigured(
                    f"{self.prefix}READ_REPLICAS names {alias!r}, which is not a replica "
                    f"alias in DATABASES ({', '.join(sorted(settings.DATABASES))})."
                )
        return list(value)

    @property
    def READ_YOUR_WRITES_SECONDS(self) -> int:
        """Seconds after a shopper's write during which all their reads go to
        the primary (default 10). Set it above the replicas' usual lag; it also
        bounds how long a page built from a replica stays in the page cache."""
        value = self._setting("READ_YOUR_WRITES_SECONDS", 10)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ImproperlyConfigured(
                f"{self.prefix}READ_YOUR_WRITES_SECONDS must be a whole number of seconds "
                f"(0 or more), not {value!r}."
            )
        return value


app_settings = ShopkitSettings()
