"""The storefront search page: results in the shop layout, marks, paging, empty states."""

import pytest
from django.utils.html import escape

from shopkit.search import get_search_backend
from shopkit.storefront.templatetags.shopkit_tags import highlight
from tests.fixtures.catalogue import make_skus


def page(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_results_are_shown_in_the_shop_layout_with_the_words_marked(client, search_catalogue):
    html = page(client, q="草莓")
    assert 'class="site-header"' in html and 'href="/list/' in html  # header and categories
    assert "新鲜<mark>草莓</mark> 500g" in html and "新鲜<mark>草莓</mark> 1kg" in html
    assert "丹东九九<mark>草莓</mark>" in html  # the caption too
    assert "苹果" not in html.split('class="sku-grid search-results"')[1]
    assert 'value="草莓"' in html  # the header box keeps the query


def test_a_mixed_query_marks_each_word(client, search_catalogue):
    html = page(client, q="草莓 500G")
    assert "新鲜<mark>草莓</mark> <mark>500g</mark>" in html
    assert "1kg" not in html


def test_text_is_escaped_before_it_is_marked(client, fruit, empty_index):
    [sku] = make_skus(fruit["category"], 1, prefix='<img src=x onerror="alert(1)">草莓&amp;')
    get_search_backend().rebuild()
    html = page(client, q="草莓")
    assert "<img src=x" not in html
    assert escape('<img src=x onerror="alert(1)">') + "<mark>草莓</mark>&amp;amp;" in html


def test_nothing_found_shows_an_empty_state(client, search_catalogue):
    html = page(client, q="榴莲")
    assert 'class="empty-state search-empty"' in html
    assert "榴莲" in html and "sku-card" not in html


def test_an_empty_query_asks_for_words(client, db):
    html = page(client, q="  ")
    assert "请输入要找的商品名称" in html


def test_a_too_long_query_says_so(client, db, settings):
    settings.SHOPKIT_SEARCH_MAX_QUERY_LENGTH = 4
    assert "最多 4 个字" in page(client, q="草莓草莓草莓")


def test_pages_use_the_five_number_window(client, settings, fruit, empty_index):
    settings.SHOPKIT_SEARCH_PAGE_SIZE = 2
    make_skus(fruit["category"], 15, prefix="冬枣")
    get_search_backend().rebuild()
    html = page(client, q="冬枣", page=5)
    numbers = [n for n in range(1, 9) if f'data-page="{n}"' in html]
    assert numbers == [3, 4, 5, 6, 7]  # 8 pages, centred on 5
    assert 'class="active" data-page="5"' in html
    assert "?q=%E5%86%AC%E6%9E%A3&amp;page=4" in html and 'rel="next"' in html
    assert html.count('class="sku-card"') == 2


@pytest.mark.parametrize("bad", ["x", "0", "999", "-1"])
def test_a_bad_page_shows_the_first(client, settings, search_catalogue, bad):
    settings.SHOPKIT_SEARCH_PAGE_SIZE = 2
    assert 'class="active" data-page="1"' in page(client, q="苹果", page=bad)


def test_every_page_has_the_search_box(client, fruit):
    html = client.get("/").content.decode()
    assert 'role="search"' in html and 'action="/search/"' in html and 'name="q"' in html


def test_highlight_ignores_case_prefers_longer_terms_and_never_matches_inside_entities():
    assert highlight("iPhone & 手机壳", ["iphone", "手机", "手机壳", "amp"]) == (
        "<mark>iPhone</mark> &amp; <mark>手机壳</mark>"
    )
    assert highlight("<b>", []) == "&lt;b&gt;"
