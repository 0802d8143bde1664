"""Validation errors in the request's language.

pydantic words its errors in English only. Each error carries a ``type`` and
the numbers or values its message needs (``ctx``), so the message is chosen
here by type, translated, and filled from ``ctx``; an error of a type not
listed says only that the value is invalid, never pydantic's English.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

_WHOLE_NUMBER = _("Enter a whole number")
_NUMBER = _("Enter a number")
_TRUE_OR_FALSE = _("Enter true or false")
_OBJECT = _("Enter an object")
_ONE_OF = _("Enter one of: %(expected)s")

#: Messages by pydantic error type, filled from the error's ``ctx`` (a
#: message with a count names the ``ctx`` key that chooses singular or plural).
MESSAGES: dict[str, Promise] = {
    "missing": _("This field is required"),
    "none_required": _("Leave this field out"),
    "string_type": _("Enter text"),
    "string_too_short": ngettext_lazy(
        "Enter at least %(min_length)s character",
        "Enter at least %(min_length)s characters",
        "min_length",
    ),
    "string_too_long": ngettext_lazy(
        "Enter at most %(max_length)s character",
        "Enter at most %(max_length)s characters",
        "max_length",
    ),
    "string_pattern_mismatch": _("Enter text matching the pattern %(pattern)s"),
    "int_type": _WHOLE_NUMBER,
    "int_parsing": _WHOLE_NUMBER,
    "int_from_float": _WHOLE_NUMBER,
    "float_type": _NUMBER,
    "float_parsing": _NUMBER,
    "bool_type": _TRUE_OR_FALSE,
    "bool_parsing": _TRUE_OR_FALSE,
    "greater_than": _("Enter a number greater than %(gt)s"),
    "greater_than_equal": _("Enter a number of at least %(ge)s"),
    "less_than": _("Enter a number less than %(lt)s"),
    "less_than_equal": _("Enter a number of at most %(le)s"),
    "list_type": _("Enter a list"),
    "too_short": ngettext_lazy(
        "Enter at least %(min_length)s item", "Enter at least %(min_length)s items", "min_length"
    ),
    "too_long": ngettext_lazy(
        "Enter at most %(max_length)s item", "Enter at most %(max_length)s items", "max_length"
    ),
    "dict_type": _OBJECT,
    "model_type": _OBJECT,
    "model_attributes_type": _OBJECT,
    "literal_error": _ONE_OF,
    "union_tag_invalid": _("Set %(discriminator)s to one of: %(expected_tags)s"),
    "union_tag_not_found": _("Set %(discriminator)s"),
}

#: For every other type, ``value_error`` among them: its text is whatever
#: English a validator raised.
INVALID = _("Invalid value")


def _choices(text: str) -> str:
    # pydantic lists choices as "'a', 'b' or 'c'"; the English "or" goes.
    head, _or, last = text.rpartition(" or ")
    return f"{head}, {last}" if head else text


def describe_error(error: Mapping[str, Any]) -> str:
    """One pydantic error as a message in the active language."""
    message = MESSAGES.get(error.get("type", ""), INVALID)
    ctx = dict(error.get("ctx") or {})
    for key in ("expected", "expected_tags"):
        if key in ctx:
            ctx[key] = _choices(str(ctx[key]))
    try:
        return str(message % ctx)
    except (KeyError, TypeError, ValueError):
        # A ctx other than the type's usual one: the type's message is not for it.
        return str(INVALID)


#: The labels pydantic puts in ``loc`` for the member of a union that failed
#: (``score: int | str`` fails as ``score.constrained-int`` and ``score.str``).
UNION_MEMBER = re.compile(r"none|str|int|float|bool|constrained-\w+|[\w-]+\[.*\]", re.S)


def field_name(loc: Sequence[Any]) -> str:
    """The name of the field an error is about: the innermost name in ``loc``
    that is neither a list index nor a union member's label."""
    for part in reversed(loc):
        if isinstance(part, str) and not UNION_MEMBER.fullmatch(part):
            return part
    return "body"


def describe_validation_errors(errors: list[dict]) -> str:
    """One line per invalid field, e.g. ``count: Enter a number of at least 1``."""
    lines = []
    for error in errors:
        field = field_name(error.get("loc", ()))
        problem = describe_error(error)
        lines.append(gettext("%(field)s: %(problem)s") % {"field": field, "problem": problem})
    return "; ".join(lines)
