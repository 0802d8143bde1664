"""The reference pages must name every hook, setting, error code and system check,
and the code and commands the other pages show must exist."""

import ast
import inspect
import re
import runpy
from pathlib import Path
from types import SimpleNamespace
from typing import Any

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


# --- Code the docs show is code that exists -------------------------------------

ROOT = DOCS.parent
SOURCE = ROOT / "src" / "shopkit"
#: A MyST ``{literalinclude}`` fence: the file, then ``:option: value`` lines.
LITERALINCLUDE = re.compile(
    r"^(?P<fence>`{3,}|~{3,})\{literalinclude\}[ \t]+(?P<path>\S+)[ \t]*\n(?P<body>.*?)^(?P=fence)",
    re.M | re.S,
)
#: Options naming text the included file must hold.
MARKER_OPTIONS = ("start-after", "end-before", "start-at", "end-at")


def doc_pages() -> list[Path]:
    return sorted(path for path in DOCS.rglob("*.md") if "_build" not in path.parts)


def literalincludes() -> list[Any]:
    """``(where, included file, options)`` of every ``{literalinclude}`` in the docs."""
    found = []
    for doc in doc_pages():
        text = doc.read_text(encoding="utf-8")
        for match in LITERALINCLUDE.finditer(text):
            target = match["path"]
            # As Sphinx resolves it: "/x" from the docs folder, else from the page's.
            included = DOCS / target[1:] if target.startswith("/") else doc.parent / target
            options = dict(re.findall(r"^:([\w-]+):[ \t]*(.*?)[ \t]*$", match["body"], re.M))
            line = text.count("\n", 0, match.start()) + 1
            where = f"{doc.relative_to(DOCS)}:{line}"
            found.append(pytest.param(where, included.resolve(), options, id=where))
    return found


def defines(source: str, dotted: str) -> bool:
    """Whether ``source`` defines the class or function ``dotted`` (``Class.method``)."""
    body = ast.parse(source).body
    for name in dotted.split("."):
        node = next(
            (
                node
                for node in body
                if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                and node.name == name
            ),
            None,
        )
        if node is None:
            return False
        body = node.body
    return True


def test_the_docs_include_code_from_the_repository():
    assert any(ROOT / "tests" in param.values[1].parents for param in literalincludes())


@pytest.mark.parametrize(("where", "included", "options"), literalincludes())
def test_every_literalinclude_names_an_existing_file_and_object(where, included, options):
    assert included.is_file(), f"{where}: {included} does not exist"
    text = included.read_text(encoding="utf-8")
    if "pyobject" in options:
        assert defines(text, options["pyobject"]), (
            f"{where}: {included.name} defines no {options['pyobject']}"
        )
    for option in MARKER_OPTIONS:
        if option in options:
            assert options[option] in text, f"{where}: {option} {options[option]!r} not in file"


def shopkit_commands() -> set[str]:
    return {
        path.stem
        for path in SOURCE.glob("**/management/commands/*.py")
        if not path.stem.startswith("_")
    }


def documented_commands() -> dict[str, str]:
    """Every ``manage.py <command>`` in the docs and the README, with a page naming it."""
    pages = [*doc_pages(), ROOT / "README.md"]
    return {
        command: page.name
        for page in pages
        for command in re.findall(r"manage\.py\s+([a-z][a-z0-9_]*)", page.read_text("utf-8"))
    }


def test_every_shopkit_command_the_docs_name_exists():
    missing = {
        command: page
        for command, page in documented_commands().items()
        if command.startswith("shopkit_") and command not in shopkit_commands()
    }
    assert "shopkit_startplugin" in documented_commands() and missing == {}


def test_every_other_command_the_docs_name_exists():
    from django.core.management import get_commands

    others = {c: p for c, p in documented_commands().items() if not c.startswith("shopkit_")}
    assert {c: p for c, p in others.items() if c not in get_commands()} == {}
