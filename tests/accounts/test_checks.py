"""System checks of the accounts app."""

from django.core.management import call_command
from django.core.management.base import SystemCheckError

from shopkit.accounts.checks import check_removed_weibo_setting


def test_the_removed_weibo_setting_is_an_error_naming_its_replacement(settings):
    assert check_removed_weibo_setting() == []
    settings.SHOPKIT_WEIBO = {"CLIENT_ID": "app-key", "CLIENT_SECRET": "app-secret"}
    [message] = check_removed_weibo_setting()
    assert message.id == "shopkit.E013" and message.is_serious()
    assert "SHOPKIT_LOGIN_PROVIDERS" in message.hint and "WeiboLoginProvider" in message.hint


def test_manage_py_check_runs_it(settings):
    settings.SHOPKIT_WEIBO = {}
    try:
        call_command("check", "shopkit_accounts")
    except SystemCheckError as error:
        assert "shopkit.E013" in str(error)
    else:
        raise AssertionError("check passed with SHOPKIT_WEIBO set")
