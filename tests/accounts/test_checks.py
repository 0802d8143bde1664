"""System checks of the accounts app."""

from django.core.management import call_command
from django.core.management.base import SystemCheckError


def test_manage_py_check_refuses_the_removed_weibo_setting(settings):
    settings.SHOPKIT_WEIBO = {}
    try:
        call_command("check")
    except SystemCheckError as error:
        assert "shopkit.E015" in str(error) and "SHOPKIT_WEIBO" in str(error)
    else:
        raise AssertionError("check passed with SHOPKIT_WEIBO set")
