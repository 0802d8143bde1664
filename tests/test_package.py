"""What the installed package (under tox: the built wheel) carries."""

import os
import re
import subprocess
import sys
from importlib import resources

import pytest

import shopkit


def test_package_ships_templates_static_files_translations_demo_pictures_and_type_marker():
    root = resources.files("shopkit")
    for relative in [
        "py.typed",
        "templates/shopkit/base.html",
        "storefront/templates/shopkit/storefront/index.html",
        "static/shopkit/css/shop.css",
        "static/shopkit/js/cart.js",
        "storefront/templates/shopkit/cart/cart.html",
        "locale/zh_Hans/LC_MESSAGES/django.mo",
        "demo/pictures/1f353.webp",
        "demo/pictures/banner-font.otf",
        "demo/pictures/LICENSES.md",
    ]:
        assert root.joinpath(relative).is_file(), relative


def test_storefront_speaks_chinese_by_default(client, db):
    page = client.get("/").content.decode()
    assert "天天生鲜" in page and 'lang="zh-hans"' in page


def test_importing_shopkit_and_its_hookspecs_needs_no_django_settings():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = "import shopkit, shopkit.hookspecs, shopkit.conf; print(shopkit.hookimpl.project_name)"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "shopkit"
    assert shopkit.APPS[0] == "shopkit"


def test_every_message_has_a_current_chinese_translation():
    po = resources.files("shopkit").joinpath("locale/zh_Hans/LC_MESSAGES/django.po")
    if not po.is_file():
        pytest.skip("the .po source is not shipped in the wheel; checked from a checkout")
    text = po.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    untranslated = re.findall(r'^msgid "(.+)"\nmsgstr ""$', text, re.M)
    assert untranslated == []
