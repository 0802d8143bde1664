"""${title}: the shopkit plugin supplying the SMS provider ``"${module}"``.

Its options are documented on :class:`${module}.provider.${class_name}`.
"""

from shopkit import hookimpl
from shopkit.core.providers import Provider, plugin_providers


@hookimpl
def shopkit_sms_providers() -> list[Provider]:
    # Built from SHOPKIT_SMS_PROVIDERS["${module}"]["OPTIONS"], only when the host configured it.
    return plugin_providers(
        "SHOPKIT_SMS_PROVIDERS", "${module}", "${module}.provider.${class_name}"
    )
