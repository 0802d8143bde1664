"""Calling ``/v1/`` as a front end does: JSON bodies and a bearer token."""

import json

from shopkit.core.tokens import issue_token


def call(client, method, path, user, body=None):
    """``method`` on ``path`` as ``user`` (anonymous when ``None``); the decoded JSON answer."""
    send = getattr(client, method)
    extra = {"HTTP_AUTHORIZATION": issue_token(user)} if user else {}
    if body is None:
        return send(path, **extra).json()
    return send(path, json.dumps(body), content_type="application/json", **extra).json()
