"""The reference pages must name every hook, setting, error code and system check."""

import inspect
import re
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest

from shopkit import hookspecs
from shopkit.conf import ShopkitSettings
from shopkit.core.codes import ErrorCode

DOCS = Path(__file__).resolve().parent.parent / "docs"
REFERENCE = DOCS / "reference"


def page(name: str) -> str:
    return (REFERENCE / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("module", hookspecs.SPEC_MODULES, ids=lambda module: module.__name__)
def test_the_hook_reference_renders_every_hookspec_module(module):
    directive = f".. automodule:: {module.__name__}\n   :members:\n"
    assert directive in page("hooks.md")


@pytest.mark.parametrize("hook", list(hookspecs.all_hookspecs()))
def test_every_hookspec_docstring_follows_the_template(hook):
    doc = inspect.getdoc(hookspecs.all_hookspecs()[hook])
    assert ":return:" in doc and "versionadded" in doc and "Fires" in doc


@pytest.mark.parametrize(
    "setting",
    [name for name, value in vars(ShopkitSettings).items() if isinstance(value, property)],
)
def test_every_setting_is_documented(setting):
    assert f"`SHOPKIT_{setting}`" in page("settings.md")


@pytest.mark.parametrize("code", list(ErrorCode), ids=lambda code: code.name)
def test_every_error_code_is_in_the_table_with_its_message(code):
    row = re.search(
        rf"^\| {int(code)} \| `{code.name}` \| {re.escape(code.message)} \|",
        page("error-codes.md"),
        re.M,
    )
    assert row, f"{code.name} missing from docs/reference/error-codes.md"


def test_error_code_table_lists_nothing_that_does_not_exist():
    documented = set(re.findall(r"^\| \d+ \| `(\w+)` \|", page("error-codes.md"), re.M))
    assert documented == set(ErrorCode.__members__)


def test_every_system_check_id_is_documented_and_nothing_else():
    source = Path(__file__).resolve().parent.parent / "src" / "shopkit"
    raised = {
        found
        for path in source.rglob("*.py")
        for found in re.findall(r'"(shopkit\.[EWI]\d{3})"', path.read_text(encoding="utf-8"))
    }
    documented = set(re.findall(r"^\| `(shopkit\.[EWI]\d{3})` \|", page("checks.md"), re.M))
    assert raised and documented == raised


def docs_conf() -> dict:
    return runpy.run_path(str(DOCS / "conf.py"))


def test_no_page_is_named_after_a_page_sphinx_writes_itself():
    conf = docs_conf()
    assert {"search", "genindex", "py-modindex", "modindex"} <= conf["RESERVED_PAGE_NAMES"]
    docnames = [
        path.relative_to(DOCS).with_suffix("").as_posix()
        for suffix in conf["source_suffix"]
        for path in DOCS.rglob(f"*{suffix}")
        if "_build" not in path.parts
    ]
    assert docnames and conf["reserved_page_names"](docnames) == []


def test_the_docs_build_refuses_a_page_named_search():
    pytest.importorskip("sphinx")
    from sphinx.errors import ExtensionError

    env = SimpleNamespace(found_docs={"index", "chinese-search", "search", "_static/page"})
    with pytest.raises(ExtensionError, match="_static/page, search"):
        docs_conf()["refuse_reserved_page_names"](None, env, [])
