"""A cart kept in a signed cookie, for shoppers who are not logged in."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from shopkit.cart.stores.base import CartLine, CartStore
from shopkit.conf import app_settings
from shopkit.core.ids import is_row_id

logger = logging.getLogger(__name__)

SALT = "shopkit.cart.cookie"
#: Browsers keep about 4 KB per cookie; a longer value was not written by us.
MAX_COOKIE_LENGTH = 4096


class SignedCookieCartStore(CartStore):
    """The lines of an anonymous shopper, read from and written to one cookie.

    The cookie is signed with ``SECRET_KEY`` (``django.core.signing``): a
    tampered, garbled, expired or oversized cookie, or one whose content is
    not a list of valid lines, is ignored as a whole and the cart starts
    empty (the bad cookie is then deleted). Changes are held in memory;
    ``CartMiddleware`` writes them to the response.
    """

    def __init__(self, request: HttpRequest) -> None:
        self.cookie_name = app_settings.CART_COOKIE_NAME
        self.max_lines = app_settings.CART_MAX_LINES
        self.max_count = app_settings.CART_MAX_COUNT
        raw = request.COOKIES.get(self.cookie_name)
        self._lines = self._load(raw) if raw else {}
        self.changed = raw is not None and not self._lines

    def _load(self, raw: str) -> dict[int, CartLine]:
        if len(raw) > MAX_COOKIE_LENGTH:
            logger.info("Ignored an oversized cart cookie (%d characters).", len(raw))
            return {}
        try:
            stored = signing.loads(raw, salt=SALT, max_age=app_settings.CART_COOKIE_AGE)
        except signing.BadSignature:
            logger.info("Ignored a cart cookie with a bad or expired signature.")
            return {}
        lines = self._valid_lines(stored)
        if lines is None:
            logger.warning("Ignored a signed cart cookie with invalid content.")
            return {}
        return lines

    def _valid_lines(self, stored: object) -> dict[int, CartLine] | None:
        if not isinstance(stored, list) or len(stored) > self.max_lines:
            return None
        lines: dict[int, CartLine] = {}
        for entry in stored:
            if not (isinstance(entry, list) and len(entry) == 3):
                return None
            if not all(type(value) is int for value in entry):
                return None
            sku_id, count, selected = entry
            if not (is_row_id(sku_id) and 0 < count <= self.max_count and selected in (0, 1)):
                return None
            if sku_id in lines:
                return None
            lines[sku_id] = CartLine(sku_id, count, bool(selected))
        return lines

    def lines(self) -> list[CartLine]:
        return list(self._lines.values())

    def set_line(self, line: CartLine) -> None:
        self._lines[line.sku_id] = line
        self.changed = True

    def remove(self, sku_ids: Iterable[int]) -> None:
        for sku_id in sku_ids:
            if self._lines.pop(sku_id, None) is not None:
                self.changed = True

    def clear(self) -> None:
        self.changed = self.changed or bool(self._lines)
        self._lines = {}

    def cookie_value(self) -> str:
        stored = [[line.sku_id, line.count, int(line.selected)] for line in self._lines.values()]
        return signing.dumps(stored, salt=SALT, compress=True)

    def save_to_response(self, response: HttpResponse) -> None:
        if not self.changed:
            return
        if self._lines:
            response.set_cookie(
                self.cookie_name,
                self.cookie_value(),
                max_age=app_settings.CART_COOKIE_AGE,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        else:
            response.delete_cookie(self.cookie_name, samesite="Lax")
        self.changed = False
