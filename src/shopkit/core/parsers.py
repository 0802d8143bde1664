"""Reading request bodies the way the dadashop front end sends them.

Some callers send JSON with a form content type, search sends real form data,
and DELETE/PUT carry bodies Django does not parse. So: JSON first, whatever
the Content-Type; then form fields.

This is also the one place where input is refused before anything sees it:
a body that is too large, malformed multipart, JSON that is malformed (a
body starting with ``{`` or ``[``), not an object or nests deeper than
``MAX_DEPTH``, and any string holding a NUL byte (which
PostgreSQL cannot store) raise ``BadRequestData``. The envelope answers that
with the bad-parameter code of the module owning the path.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_noop
from ninja.parser import Parser

#: How deep a JSON body may nest objects and arrays; real bodies nest two or three.
MAX_DEPTH = 32


class BadRequestData(ValueError):
    """The request's body or query cannot be input: malformed, too large or unsafe."""


class BodyNotAnObject(BadRequestData):
    """The body is valid JSON but not an object (a list, a number …)."""


def request_body(request: HttpRequest) -> bytes:
    """``request.body``, with a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` as ``BadRequestData``."""
    try:
        return request.body
    except RequestDataTooBig:
        raise BadRequestData(gettext_noop("The request body is too large.")) from None


def _too_deep(data: Any) -> bool:
    # Iterative, so the check itself cannot exhaust the stack.
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            if depth > MAX_DEPTH:
                return True
            pending.extend((item, depth + 1) for item in value)
    return False


def _strings(data: Any) -> Iterable[str]:
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list | tuple):
            pending.extend(value)


def check_strings(data: Any) -> Any:
    """``data`` unchanged, unless a key or string in it holds a NUL byte."""
    if any("\x00" in text for text in _strings(data)):
        raise BadRequestData(gettext_noop("Text must not contain NUL characters."))
    return data


def _loads(body: bytes) -> Any:
    try:
        data = json.loads(body)
    except RecursionError:
        raise BadRequestData(gettext_noop("The request body nests too deeply.")) from None
    if _too_deep(data):
        raise BadRequestData(gettext_noop("The request body nests too deeply."))
    return data


def _fields(form: MultiValueDict) -> dict[str, Any]:
    return {key: values[0] if len(values) == 1 else values for key, values in form.lists()}


def parse_request_data(request: HttpRequest) -> dict[str, Any]:
    """The request's body as a dict: JSON if it parses, else form fields."""
    if request.content_type == "multipart/form-data" and not request.content_params.get("boundary"):
        raise BadRequestData(gettext_noop("A multipart body needs a boundary."))
    body = request_body(request)
    if body:
        try:
            data = _loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError):
            # Form fields never start so (a form encodes the brace), broken JSON does.
            if body.lstrip()[:1] in (b"{", b"["):
                raise BadRequestData(gettext_noop("The request body is not valid JSON.")) from None
        else:
            if not isinstance(data, dict):
                raise BodyNotAnObject(gettext_noop("The request body must be a JSON object."))
            return check_strings(data)
    try:
        if request.method == "POST":
            return check_strings(_fields(request.POST))
        return check_strings(_fields(QueryDict(body, encoding=request.encoding)))
    except (MultiPartParserError, SuspiciousOperation):
        raise BadRequestData(gettext_noop("The request body is not valid form data.")) from None


def query_data(request: HttpRequest) -> dict[str, str]:
    """The query string's fields (the last value of a repeated one), NUL-free."""
    try:
        return check_strings(request.GET.dict())
    except SuspiciousOperation:
        raise BadRequestData(gettext_noop("The query string has too many fields.")) from None


class ShopkitParser(Parser):
    """django-ninja parser that applies ``parse_request_data`` to every body
    and refuses NUL bytes in query and form fields too."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        return parse_request_data(request)

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        return check_strings(super().parse_querydict(data, list_fields, request))
