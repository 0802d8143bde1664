"""Reading request bodies the way the dadashop front end sends them.

Some callers send JSON with a form content type, search sends real form data,
and DELETE/PUT carry bodies Django does not parse. So: JSON first, whatever
the Content-Type; then form fields.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, QueryDict
from ninja.parser import Parser


class BodyNotAnObject(ValueError):
    """The body is valid JSON but not an object (a list, a number …)."""


def parse_request_data(request: HttpRequest) -> dict[str, Any]:
    """The request's body as a dict: JSON if it parses, else form fields."""
    body = request.body
    if body:
        try:
            data = json.loads(body)
        except (UnicodeDecodeError, ValueError):
            pass
        else:
            if not isinstance(data, dict):
                raise BodyNotAnObject("The request body must be a JSON object.")
            return data
    if request.method == "POST":
        form = request.POST
    else:
        form = QueryDict(body, encoding=request.encoding)
    return {key: values[0] if len(values) == 1 else values for key, values in form.lists()}


class ShopkitParser(Parser):
    """django-ninja parser that applies ``parse_request_data`` to every body."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        return parse_request_data(request)
