"""The built-in cart stores: Redis or Django cache for users, a signed cookie otherwise."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

from shopkit import hookimpl
from shopkit.cart.stores.base import CartStore
from shopkit.cart.stores.cache import CacheCartStore
from shopkit.cart.stores.cookie import SignedCookieCartStore
from shopkit.core.backends import CachePurpose, get_cache


def is_django_redis(cache: object) -> bool:
    try:
        from django_redis.cache import RedisCache
    except ImportError:
        return False
    return isinstance(cache, RedisCache)


@hookimpl(trylast=True)
def shopkit_cart_store(
    request: HttpRequest | None, user: AbstractBaseUser | None
) -> CartStore | None:
    if user is None:
        return SignedCookieCartStore(request) if request is not None else None
    cache = get_cache(CachePurpose.CART)
    if is_django_redis(cache):
        from shopkit.cart.stores.redis import RedisCartStore

        return RedisCartStore.for_cache(cache, user.pk)
    return CacheCartStore(cache, user.pk)
