"""Keeping what other apps cache about a user in step with the user's row."""

from __future__ import annotations

from typing import Any

from shopkit.core.tokens import forget_token_user


def forget_cached_token_user(sender: type, instance: Any, **kwargs: Any) -> None:
    """``post_save``/``post_delete`` of the user model: the token cache must reread the row."""
    forget_token_user(instance.pk)
