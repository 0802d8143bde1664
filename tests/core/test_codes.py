from shopkit.core.codes import (
    BAD_PARAMETER_CODES,
    MODULE_RANGES,
    ErrorCode,
    bad_parameter_code_for_path,
)


def test_every_code_is_unique_no_silent_enum_aliases():
    assert len(ErrorCode.__members__) == len(list(ErrorCode))


def test_module_codes_lie_in_their_module_range():
    for member in ErrorCode:
        module = member.name.split("_", 1)[0].lower()
        if module in MODULE_RANGES:
            assert member in MODULE_RANGES[module], member
        else:
            assert member < 10100, member


def test_every_module_has_a_bad_parameter_code():
    assert set(BAD_PARAMETER_CODES) == set(MODULE_RANGES)


def test_tokens_path_belongs_to_users_module():
    assert bad_parameter_code_for_path("tokens") is ErrorCode.USERS_BAD_PARAMETER
    assert bad_parameter_code_for_path("carts/alice") is ErrorCode.CARTS_BAD_PARAMETER
    assert bad_parameter_code_for_path("nowhere/else") is ErrorCode.BAD_REQUEST
