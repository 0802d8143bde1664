"""Provider families: hooks whose results from every plugin are collected."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from shopkit.hookspecs.marker import hookspec

if TYPE_CHECKING:
    from shopkit.accounts.login_providers.base import LoginProvider
    from shopkit.accounts.sms.base import SMSProvider
    from shopkit.payments.providers.base import PaymentProvider


@hookspec
def shopkit_payment_providers() -> Sequence[PaymentProvider]:
    """Contribute payment providers.

    :return: a sequence of :class:`shopkit.payments.providers.base.PaymentProvider`
        instances. All plugins' results are collected; when two providers share
        a name, the one from the plugin called first (registered last) wins.

    Fires once, when the payment registry is first needed; the providers are
    shared by every thread. Asked again after the plugins change or a
    ``SHOPKIT_*`` or ``DEBUG`` setting changes.

    Default (``shopkit.default_plugins.providers``): the entries of
    ``SHOPKIT_PAYMENT_PROVIDERS`` with a ``BACKEND``; an entry without one is
    built by the provider package of its name, through
    ``shopkit.core.providers.plugin_providers`` (see ``docs/plugins.md``,
    "Provider packages").

    .. versionadded:: 0.1
    """


@hookspec
def shopkit_sms_providers() -> Sequence[SMSProvider]:
    """Contribute SMS providers.

    :return: a sequence of :class:`shopkit.accounts.sms.base.SMSProvider`
        instances. All plugins' results are collected; when two providers share
        a name, the one from the plugin called first (registered last) wins.

    Fires once, when the SMS registry is first needed; the providers are
    shared by every thread. Asked again after the plugins change or a
    ``SHOPKIT_*`` or ``DEBUG`` setting changes.

    Default (``shopkit.default_plugins.providers``): the entries of
    ``SHOPKIT_SMS_PROVIDERS`` with a ``BACKEND`` (the console provider while
    ``DEBUG`` is on, unless set); an entry without one is built by the
    provider package of its name, as for payment.

    .. versionadded:: 0.1
    """


@hookspec
def shopkit_login_providers() -> Sequence[LoginProvider]:
    """Contribute login providers (logging in with an account at Weibo, QQ …).

    :return: a sequence of
        :class:`shopkit.accounts.login_providers.base.LoginProvider` instances.
        All plugins' results are collected; when two providers share a name,
        the one from the plugin called first (registered last) wins.

    Fires once, when the login provider registry is first needed (a login
    page, a login API call); the providers are shared by every thread. Asked
    again after the plugins change or a ``SHOPKIT_*`` or ``DEBUG`` setting
    changes. Each active provider gets a button on the login page and the
    paths ``/v1/users/<name>/authorization``, ``/v1/users/<name>/users`` and
    ``user/oauth/<name>/…`` (see ``docs/accounts.md``).

    Default (``shopkit.default_plugins.providers``): the entries of
    ``SHOPKIT_LOGIN_PROVIDERS`` with a ``BACKEND`` (none unless set); an
    entry without one is built by the provider package of its name, such as
    ``shopkit.contrib.weibo``, as for payment.

    .. versionadded:: 0.1
    """
