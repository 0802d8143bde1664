"""${module} passes shopkit's SMS provider contract, configured as a host configures it."""

from importlib.metadata import entry_points

from shopkit.testing.sms import SMSProviderContract

from ${module}.provider import OUTBOX, ${class_name}


class Test${class_name}(SMSProviderContract):
    provider_class = ${class_name}
    plugin = "${module}"
    provider_name = "${module}"

    def provider_options(self):
        return {"sender": "shopkit tests"}

    def delivered(self):
        return OUTBOX


def test_the_distribution_advertises_the_plugin_to_shopkit():
    advertised = entry_points(group="shopkit")
    assert [entry.value for entry in advertised if entry.name == "${module}"] == ["${module}"]


def test_the_provider_is_supplied_only_when_configured(shopkit_plugin, settings):
    import ${module}
    from shopkit.accounts.sms.registry import get_sms_providers

    shopkit_plugin(${module}, name="${module}")
    settings.SHOPKIT_SMS_PROVIDERS = {}
    assert "${module}" not in get_sms_providers()
    settings.SHOPKIT_SMS_PROVIDERS = {"${module}": {"OPTIONS": {"sender": "shop"}}}
    assert get_sms_providers()["${module}"].sender == "shop"
