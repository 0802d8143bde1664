from shopkit import hookimpl
from shopkit.accounts.login_providers.base import LoginProvider
from shopkit.accounts.sms.base import SMSProvider
from shopkit.conf import app_settings
from shopkit.core.providers import providers_from_settings
from shopkit.payments.providers.base import PaymentProvider


@hookimpl(trylast=True)
def shopkit_payment_providers() -> list[PaymentProvider]:
    return providers_from_settings(
        app_settings.PAYMENT_PROVIDERS, PaymentProvider, "SHOPKIT_PAYMENT_PROVIDERS"
    )


@hookimpl(trylast=True)
def shopkit_sms_providers() -> list[SMSProvider]:
    return providers_from_settings(app_settings.SMS_PROVIDERS, SMSProvider, "SHOPKIT_SMS_PROVIDERS")


@hookimpl(trylast=True)
def shopkit_login_providers() -> list[LoginProvider]:
    return providers_from_settings(
        app_settings.LOGIN_PROVIDERS, LoginProvider, "SHOPKIT_LOGIN_PROVIDERS"
    )
