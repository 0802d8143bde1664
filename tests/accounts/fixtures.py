"""Fixtures for account tests; conftest modules and API test modules import them."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import caches

from shopkit.accounts import services
from shopkit.accounts.models import Shopper

PASSWORD = "fresh-Straw9berry"


@pytest.fixture(autouse=True)
def clean_caches():
    """Codes and login counters live in caches shared by every test: start empty."""
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def sms_outbox(settings):
    """The console SMS provider, writing to a buffer; read codes with ``last_code()``."""
    stream = io.StringIO()
    settings.SHOPKIT_SMS_PROVIDERS = {
        "console": {
            "BACKEND": "shopkit.accounts.sms.console.ConsoleSMSProvider",
            "OPTIONS": {"stream": stream},
        }
    }
    return stream


def last_sms_code(stream: io.StringIO, phone: str) -> str:
    codes = re.findall(rf"SMS to {phone} \[template \w+\]: code=(\d+)", stream.getvalue())
    assert codes, f"no SMS to {phone}: {stream.getvalue()!r}"
    return codes[-1]


def make_shopper(username: str, *, email: str | None = None, phone: str, activated: bool = True):
    user = get_user_model().objects.create_user(
        username, email or f"{username}@example.com", PASSWORD
    )
    Shopper.objects.create(user=user, phone=phone, activated_at=None)
    if activated:
        services.activate(services.make_activation_code(user))
    return user


@pytest.fixture
def alice(db):
    return make_shopper("alice", phone="13800000001")


@pytest.fixture
def bob(db):
    return make_shopper("bobby", phone="13800000002")


def mailed_link(outbox_index: int = -1) -> str:
    match = re.search(r"https?://\S+", mail.outbox[outbox_index].body)
    assert match, mail.outbox[outbox_index].body
    return match.group(0)


def mailed_code(outbox_index: int = -1) -> str:
    match = re.search(r"\b(\d{6})\b", mail.outbox[outbox_index].body)
    assert match, mail.outbox[outbox_index].body
    return match.group(1)
