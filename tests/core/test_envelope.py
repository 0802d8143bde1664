"""One mapping from exceptions to API envelopes, for the API's handlers and the middleware."""

import json
import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja.errors import HttpError

from shopkit.api.api import api
from shopkit.core.codes import ErrorCode
from shopkit.core.envelope import exception_response
from shopkit.core.exceptions import ShopkitError
from shopkit.core.middleware import ApiErrorMiddleware


def code_of(response):
    return json.loads(response.content)["code"]


@pytest.mark.parametrize(
    "exc, code",
    [
        (ShopkitError(ErrorCode.ORDERS_OUT_OF_STOCK), ErrorCode.ORDERS_OUT_OF_STOCK),
        (Http404(), ErrorCode.NOT_FOUND),
        (PermissionDenied(), ErrorCode.NOT_LOGGED_IN),
        (RuntimeError("boom"), ErrorCode.SERVER_ERROR),
    ],
)
def test_the_api_and_the_middleware_answer_an_exception_alike(rf, exc, code):
    request = rf.get("/v1/orders/")
    middleware = ApiErrorMiddleware(lambda request: None)
    assert code_of(api.on_exception(request, exc)) == code
    assert code_of(middleware.process_exception(request, exc)) == code


def test_only_an_unknown_exception_is_logged(rf, caplog):
    request = rf.get("/v1/orders/")
    with caplog.at_level(logging.ERROR):
        exception_response(request, Http404())
        assert not caplog.records
        exception_response(request, RuntimeError("boom"))
    [record] = caplog.records
    assert "GET /v1/orders/" in record.getMessage() and record.exc_info[1].args == ("boom",)


def test_http_errors_keep_their_own_handler(rf):
    assert code_of(api.on_exception(rf.get("/v1/orders/"), HttpError(405, "no"))) == 405
