"""Every message shopkit shows has a current Chinese translation, the API
answers in the request's language, and pages and the API show a moment in the
shop's time zone and one format (docs/languages.md)."""

import ast
import datetime
import gettext
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template.base import Lexer, TokenType
from django.test import override_settings

import shopkit
from shopkit.orders.models import Order, OrderLine
from shopkit.orders.placement import place_order
from tests.fixtures.api import call

PACKAGE = Path(shopkit.__file__).parent
CATALOG = PACKAGE / "locale" / "zh_Hans" / "LC_MESSAGES"
GETTEXT_TOOLS = ("xgettext", "msgmerge", "msgattrib", "msgfmt")


@pytest.fixture(scope="module")
def gettext_tools() -> None:
    """GNU gettext, which makemessages runs; CI installs it (``make browser``)."""
    missing = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    message = f"needs GNU gettext (apt-get install gettext): no {', '.join(missing)}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true requires it: {message}", pytrace=False)
    pytest.skip(message)


def _msgids(po_text: str) -> list[str]:
    # msgattrib prints the selected entries; a msgid may span several quoted lines.
    found = []
    for block in re.findall(r'^msgid ((?:".*"\n)+)', po_text, re.M):
        msgid = "".join(re.findall(r'^"(.*)"$', block, re.M))
        if msgid:
            found.append(msgid)
    return found


@pytest.fixture(scope="module")
def regenerated_po(tmp_path_factory, gettext_tools) -> Path:
    """The committed catalog after ``makemessages`` ran over a copy of the package."""
    if not CATALOG.joinpath("django.po").is_file():
        pytest.skip("the .po source is not shipped in the wheel; checked from a checkout")
    copy = tmp_path_factory.mktemp("shopkit") / "shopkit"
    shutil.copytree(
        PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static", "pictures")
    )
    # Without LOCALE_PATHS makemessages writes only to the copy's locale folder.
    with pytest.MonkeyPatch.context() as patch, override_settings(LOCALE_PATHS=[]):
        patch.chdir(copy)
        call_command(
            "makemessages",
            locale=["zh_Hans"],
            extensions=["html", "txt", "py"],
            no_obsolete=True,
            verbosity=0,
        )
    return copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_makemessages_finds_no_message_without_a_chinese_translation(regenerated_po):
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(regenerated_po)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(regenerated_po)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    missing, unsure = _msgids(untranslated), _msgids(fuzzy)
    assert not missing, "No Chinese translation in django.po:\n" + "\n".join(missing)
    assert not unsure, "Fuzzy in django.po (check, then unmark):\n" + "\n".join(unsure)


def test_committed_catalog_has_no_message_the_sources_lost(regenerated_po):
    committed = CATALOG.joinpath("django.po").read_text(encoding="utf-8")
    current = set(_msgids(regenerated_po.read_text(encoding="utf-8")))
    stale = [msgid for msgid in _msgids(committed) if msgid not in current]
    assert not stale, "No longer in the sources (run makemessages):\n" + "\n".join(stale)


def test_compiled_catalog_matches_the_po(tmp_path, gettext_tools):
    if not CATALOG.joinpath("django.po").is_file():
        pytest.skip("the .po source is not shipped in the wheel; checked from a checkout")
    compiled = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "-c", "-o", str(compiled), str(CATALOG / "django.po")],
        check=True,
        capture_output=True,
    )
    with compiled.open("rb") as fresh, CATALOG.joinpath("django.mo").open("rb") as shipped:
        fresh_catalog = gettext.GNUTranslations(fresh)._catalog
        shipped_catalog = gettext.GNUTranslations(shipped)._catalog
    assert shipped_catalog == fresh_catalog, "recompile: msgfmt -c -o django.mo django.po"


#: Text a page may show untranslated: symbols, numbers, the currency sign.
NEUTRAL_TEXT = re.compile(r"^[\s\W\d_¥×]*$")
HTML_TAG = re.compile(r"<[^>]*>|<!--.*?-->|&[a-z]+;|&#\d+;", re.S)
#: Tags whose content is translated or never shown.
HIDING_TAGS = ("blocktranslate", "blocktrans", "comment")
#: Blocks that fill an HTML attribute (``<body class="{% block body_class %}">``).
ATTRIBUTE_BLOCKS = ("body_class", "page_width")
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)


def untranslated_text(source: str) -> list[str]:
    """The visible words of a template outside ``{% translate %}`` and
    ``{% blocktranslate %}``: what a shopper would read in one language only.

    Tags and variables become a neutral mark first, so an HTML tag with a
    ``{% url %}`` inside is still one tag; then HTML tags are dropped.
    (Words in attributes such as ``placeholder`` are not looked at.)
    """
    page = []
    hidden = False
    for token in Lexer(source).tokenize():
        if token.token_type is TokenType.TEXT:
            if not hidden:
                page.append(token.contents)
            continue
        if token.token_type is TokenType.BLOCK:
            words = token.contents.split()
            if words[0] in HIDING_TAGS or words[1:2] in ([b] for b in ATTRIBUTE_BLOCKS):
                hidden = True
            elif words[0] in {f"end{tag}" for tag in HIDING_TAGS} or (
                hidden and words[0] == "endblock"
            ):
                hidden = False
        page.append("\x01")
    visible = HTML_TAG.sub("\n", SCRIPT_OR_STYLE.sub("", "".join(page)))
    return [line.strip() for line in visible.splitlines() if not NEUTRAL_TEXT.match(line)]


def test_template_scanner_finds_text_outside_translate_tags():
    source = (
        "<p>{% translate 'Cart' %}</p><p>Checkout</p><b>购物车</b><i>¥ 12</i>"
        "{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}"
        "<script>let x = 'word';</script>{% comment %}A note{% endcomment %}"
    )
    assert untranslated_text(source) == ["Checkout", "购物车"]


def package_templates() -> list[Path]:
    """Every template shopkit ships: storefront pages, staff pages, mails."""
    found = [*PACKAGE.glob("**/templates/**/*.html"), *PACKAGE.glob("**/templates/**/*.txt")]
    return sorted(found)


@pytest.mark.parametrize(
    "template", package_templates(), ids=lambda path: str(path.relative_to(PACKAGE))
)
def test_template_shows_no_text_outside_translate_tags(template):
    assert untranslated_text(template.read_text(encoding="utf-8")) == []


#: One bad request per module and per way an error is built: an ErrorCode's
#: own message, a message raised with the error, a validation error, input
#: refused before any view, and the login gate.
API_REFUSALS = [
    ("get", "/v1/goods/search?q=", None, 10203, "Enter something to search for", "请输入搜索内容"),
    (
        "post",
        "/v1/tokens",
        {"username": "nobody1", "password": "wrong-password"},
        10113,
        "Wrong username or password",
        "用户名或密码错误",
    ),
    (
        "post",
        "/v1/goods/sku",
        {"spuid": 1},
        10200,
        "Choose a value for every sale attribute.",
        "请为每个销售属性选择一个值。",
    ),
    (
        "get",
        "/v1/orders/result/",
        None,
        10505,
        "Payment message could not be verified",
        "支付消息验证失败",
    ),
    ("get", "/v1/carts/bob", None, 403, "Please login", "请登录"),
    (
        "get",
        "/v1/goods/\x00",
        None,
        10200,
        "Text must not contain NUL characters.",
        "文本不能包含 NUL 字符。",
    ),
    (
        "post",
        "/v1/users",
        {"uname": "abcdef", "password": "x", "phone": "1"},
        10100,
        "email: This field is required",
        "参数 email 无效：此项必填",
    ),
    (
        "post",
        "/v1/tokens",
        {"username": "nobody1", "password": "x", "cart": "abc"},
        10100,
        "cart: Enter a list",
        "参数 cart 无效：请输入列表",
    ),
    (
        "post",
        "/v1/tokens",
        {"username": "nobody1", "password": "x", "cart": [{"id": 1, "count": 0}]},
        10100,
        "count: Enter a number of at least 1",
        "参数 count 无效：请输入不小于 1 的数",
    ),
    (
        "post",
        "/v1/users",
        {"uname": "a" * 151, "password": "x", "phone": "1", "email": "a@example.com"},
        10100,
        "uname: Enter at most 150 characters",
        "参数 uname 无效：最多输入 150 个字符",
    ),
]


def _refusal(client, method: str, path: str, body: dict | None, language: str | None) -> dict:
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    if method == "post":
        return client.post(
            path, json.dumps(body), content_type="application/json", **headers
        ).json()
    return client.get(path, **headers).json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "body", "code", "english", "chinese"),
    API_REFUSALS,
    ids=[str(refusal[3]) for refusal in API_REFUSALS],
)
def test_api_error_follows_accept_language_else_language_code(
    client, method, path, body, code, english, chinese
):
    answers = {
        language: _refusal(client, method, path, body, language)
        for language in ("en", "zh-CN", None)
    }
    assert {answer["code"] for answer in answers.values()} == {code}
    assert answers["en"]["error"] == answers["en"]["errmsg"] == english
    assert answers["zh-CN"]["error"] == answers["zh-CN"]["errmsg"] == chinese
    # No Accept-Language: LANGUAGE_CODE, zh-hans in the test settings.
    assert answers[None]["error"] == chinese


@pytest.mark.django_db
@override_settings(LANGUAGE_CODE="en")
def test_api_error_without_accept_language_speaks_the_language_code(client):
    answer = client.get("/v1/goods/search?q=").json()
    assert answer["error"] == "Enter something to search for"


#: Calls whose message a shopper, a client or staff read, and where it is:
#: the index of the positional argument (a ``message=`` keyword counts too).
SHOWN_MESSAGES = {
    "ShopkitError": 1, "NotLoggedIn": 1, "BadParameter": 1,
    "ValidationError": 0, "add_error": 1, "message_user": 1,
}  # fmt: skip
#: ``django.contrib.messages.<level>(request, message)``.
MESSAGE_LEVELS = {"debug", "info", "success", "warning", "error"}


def _is_plain_text(node: ast.expr) -> bool:
    """Text that gettext never saw: a literal, an f-string, or either one
    formatted with ``%`` or ``.format()``."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(node.value.strip())
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _is_plain_text(node.left)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr == "format" and _is_plain_text(node.func.value)
    return False


def _called_name(node: ast.Call) -> str | None:
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def unmarked_messages(source: str) -> list[tuple[int, str]]:
    """``(line, source)`` of each message given as plain text, not marked for
    translation: what ``makemessages`` cannot find, so no catalogue has it."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _called_name(node)
        position = SHOWN_MESSAGES.get(name)
        if name in MESSAGE_LEVELS and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            position = 1 if isinstance(owner, ast.Name) and owner.id == "messages" else None
        if position is None:
            continue
        shown = node.args[position : position + 1]
        shown += [keyword.value for keyword in node.keywords if keyword.arg == "message"]
        found += [(text.lineno, ast.unparse(text)) for text in shown if _is_plain_text(text)]
    return found


def test_message_scanner_finds_plain_text_messages():
    source = """
raise ShopkitError(ErrorCode.GOODS_NOT_FOUND, "Plain words")
raise ShopkitError(ErrorCode.GOODS_NOT_FOUND, gettext_noop("Marked words"))
raise ShopkitError(ErrorCode.GOODS_NOT_FOUND, message=f"{name}: sold out")
raise ShopkitError(ErrorCode.GOODS_NOT_FOUND, gettext("%(name)s left") % {"name": name})
raise BadParameter(ErrorCode.USERS_BAD_PARAMETER, "Bad %s" % field)
raise ShopkitError(ErrorCode.GOODS_NOT_FOUND, reason)
messages.success(request, "Saved.")
messages.error(request, _("Not saved."))
self.message_user(request, "{} shipped".format(count))
raise ValidationError({"words": _("Write the words.")})
logger.error("Not for shoppers: %s", detail)
"""
    assert [text for _, text in unmarked_messages(source)] == [
        "'Plain words'",
        "f'{name}: sold out'",
        "'Bad %s' % field",
        "'Saved.'",
        "'{} shipped'.format(count)",
    ]


def test_every_python_message_is_marked_for_translation():
    """makemessages finds only marked text: a plain ``ShopkitError(code,
    "text")`` would reach a Chinese shopper in English, unseen by the
    catalogue test above."""
    unmarked = [
        f"{path.relative_to(PACKAGE)}:{line}: {text}"
        for path in sorted(PACKAGE.glob("**/*.py"))
        if "migrations" not in path.parts
        for line, text in unmarked_messages(path.read_text(encoding="utf-8"))
    ]
    assert unmarked == [], "Mark these with gettext (or gettext_noop):\n" + "\n".join(unmarked)


#: 09:04:20.627950 UTC is 17:04:20 in the shop's Asia/Shanghai: shown so, with
#: no offset and no fraction of a second (never ``2026-12-04T09:04:20.627950+00:00``).
MOMENT = datetime.datetime(2026, 12, 4, 9, 4, 20, 627950, tzinfo=datetime.UTC)
SHOWN = "2026-12-04 17:04:20"


@pytest.mark.django_db
@override_settings(TIME_ZONE="Asia/Shanghai")
def test_pages_and_api_show_moments_in_the_shops_zone_and_format(
    client, fruit, buyer, buyer_address
):
    apple = fruit["apples"][0]
    order = place_order(buyer, buyer_address.pk, [(apple.pk, 1)])
    Order.objects.filter(pk=order.pk).update(created=MOMENT)
    OrderLine.objects.filter(order=order).update(comment="脆甜", score=5, commented_at=MOMENT)

    client.force_login(buyer)
    assert f"<span>{SHOWN}</span>" in client.get("/orders/").content.decode()
    assert (
        f'<time class="comment-time">{SHOWN}</time>'
        in client.get(f"/goods/{apple.pk}").content.decode()
    )

    listed = call(client, "get", "/v1/orders/processing/?status=1&order_status=0", buyer)
    assert [o["order_time"] for o in listed["data"]["orders_list"]] == [SHOWN]
    detail = client.get(f"/v1/goods/detail/{apple.pk}").json()["data"]
    assert [c["created"] for c in detail["comments"]] == [SHOWN]
