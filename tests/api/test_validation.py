"""Validation errors are worded by pydantic error type, in the request's
language, filled from the error's context; never in pydantic's English."""

import pytest
from django.utils import translation
from pydantic import TypeAdapter, ValidationError

from shopkit.api.carts import ChangeIn
from shopkit.api.orders import CommentIn, CreateOrderIn
from shopkit.api.tokens import LoginIn
from shopkit.api.validation import describe_error, describe_validation_errors

LOGIN = {"username": "alice", "password": "pw"}
CHOICES = "'add', 'del', 'select', 'unselect', 'selectall', 'unselectall'"

CASES = [
    (LoginIn, {"password": "pw"}, "missing", "This field is required", "此项必填"),
    (LoginIn, {**LOGIN, "username": ["a"]}, "string_type", "Enter text", "请输入文本"),
    (
        LoginIn,
        {**LOGIN, "username": "a" * 151},
        "string_too_long",
        "Enter at most 150 characters",
        "最多输入 150 个字符",
    ),
    (LoginIn, {**LOGIN, "cart": "abc"}, "list_type", "Enter a list", "请输入列表"),
    (
        LoginIn,
        {**LOGIN, "cart": [{"id": 1, "count": 1}] * 201},
        "too_long",
        "Enter at most 200 items",
        "最多输入 200 项",
    ),
    (
        LoginIn,
        {**LOGIN, "cart": [{"id": "x", "count": 1}]},
        "int_type",
        "Enter a whole number",
        "请输入整数",
    ),
    (
        LoginIn,
        {**LOGIN, "cart": [{"id": 1, "count": 0}]},
        "greater_than_equal",
        "Enter a number of at least 1",
        "请输入不小于 1 的数",
    ),
    (
        LoginIn,
        {**LOGIN, "cart": [{"id": 1, "count": 10000}]},
        "less_than_equal",
        "Enter a number of at most 9999",
        "请输入不大于 9999 的数",
    ),
    (
        CreateOrderIn,
        {"address_id": 1, "settlement_type": 3, "status": 0},
        "literal_error",
        "Enter one of: 0, 1, '0', '1'",
        "请输入以下值之一：0, 1, '0', '1'",
    ),
    (
        CommentIn,
        {"sku_id": 1, "content": " "},
        "string_pattern_mismatch",
        r"Enter text matching the pattern \S",
        r"请输入符合格式 \S 的文本",
    ),
    (
        ChangeIn,
        {"state": "zz", "sku_id": 1},
        "union_tag_invalid",
        f"Set 'state' to one of: {CHOICES}",
        f"'state' 应为以下值之一：{CHOICES}",
    ),
    (ChangeIn, {"sku_id": 1}, "union_tag_not_found", "Set 'state'", "请提供 'state'"),
    (ChangeIn, "x", "model_attributes_type", "Enter an object", "请输入对象"),
]


def first_error(schema, data, kind):
    with pytest.raises(ValidationError) as raised:
        TypeAdapter(schema).validate_python(data)
    return next(error for error in raised.value.errors() if error["type"] == kind)


@pytest.mark.parametrize(
    ("schema", "data", "kind", "english", "chinese"), CASES, ids=[case[2] for case in CASES]
)
def test_each_error_type_has_its_own_message_in_both_languages(
    schema, data, kind, english, chinese
):
    error = first_error(schema, data, kind)
    with translation.override("en"):
        assert describe_error(error) == english
    with translation.override("zh-hans"):
        assert describe_error(error) == chinese
        assert error["msg"] not in describe_validation_errors([error])


@pytest.mark.parametrize(
    "error",
    [
        {"type": "value_error", "msg": "Value error, boom", "ctx": {"error": "boom"}},
        {"type": "no_such_type", "msg": "Something English"},
        {"type": "greater_than", "msg": "Input should be greater than 0"},  # no ctx
    ],
    ids=["value_error", "unknown-type", "missing-ctx"],
)
def test_other_errors_say_the_value_is_invalid_never_the_english_text(error):
    with translation.override("en"):
        assert describe_error(error) == "Invalid value"
    with translation.override("zh-hans"):
        assert describe_error(error) == "值无效"


def test_one_line_per_error_names_the_field_in_the_active_language():
    errors = [
        first_error(LoginIn, {"password": "pw"}, "missing"),
        first_error(LoginIn, {**LOGIN, "cart": "abc"}, "list_type"),
    ]
    with translation.override("zh-hans"):
        assert describe_validation_errors(errors) == (
            "参数 username 无效：此项必填; 参数 cart 无效：请输入列表"
        )
    with translation.override("en"):
        assert describe_validation_errors(errors) == (
            "username: This field is required; cart: Enter a list"
        )


def test_a_union_field_and_a_list_item_are_named_by_their_field():
    with pytest.raises(ValidationError) as raised:
        TypeAdapter(CommentIn).validate_python({"sku_id": 1, "content": "ok", "score": 9})
    item = {"type": "model_attributes_type", "loc": ("body", "payload", "cart", 0)}
    with translation.override("en"):
        assert describe_validation_errors(raised.value.errors()) == (
            "score: Enter a number of at most 5; score: Enter text"
        )
        assert describe_validation_errors([item]) == "cart: Enter an object"
