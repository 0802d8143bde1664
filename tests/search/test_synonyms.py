"""Synonym groups: the starter list, what editors may save in Wagtail, and
that a saved group changes search results at once, cached ones included."""

import pytest
from django.core.exceptions import ValidationError

from shopkit.search.models import SynonymGroup
from shopkit.search.services import search_skus
from shopkit.search.synonyms import query_words

ADD_URL = "/cms/snippets/shopkit_search/synonymgroup/add/"


def test_a_starter_list_ships_with_the_package(db):
    groups = {str(group) for group in SynonymGroup.objects.all()}
    assert {"樱桃 车厘子", "菠萝 凤梨", "饺子 水饺"} <= groups


@pytest.mark.parametrize("words", ["", "   ", "樱桃", "樱桃 樱桃", "，、"])
def test_an_empty_group_or_a_group_of_one_word_is_refused(db, words):
    with pytest.raises(ValidationError) as refused:
        SynonymGroup(words=words).full_clean()
    assert "words" in refused.value.message_dict


def test_words_may_be_separated_by_spaces_or_chinese_commas(db):
    group = SynonymGroup(words="樱桃，车厘子、 大樱桃,樱桃")
    group.full_clean()
    assert group.words == "樱桃 车厘子 大樱桃"


def test_editors_see_a_form_error_for_a_group_of_one_word(admin_client):
    response = admin_client.post(ADD_URL, {"words": "榴莲"})
    assert response.status_code == 200
    assert "至少需要两个不同的词" in response.content.decode()
    assert not SynonymGroup.objects.filter(words__contains="榴莲").exists()


def test_editors_add_a_group_in_wagtail(admin_client):
    response = admin_client.post(ADD_URL, {"words": "榴莲 榴梿"})
    assert response.status_code == 302
    assert SynonymGroup.objects.filter(words="榴莲 榴梿").exists()


def test_a_word_inside_a_longer_word_is_replaced_by_its_synonyms(db):
    assert query_words("新鲜樱桃1kg") == [["新鲜樱桃", "新鲜车厘子"], ["1kg"]]
    assert query_words("Dole蘋果，2.5KG c++") == [["dole"], ["苹果"], ["2.5kg"], ["c++"]]


def test_words_of_letters_spaced_apart_may_also_match_joined_as_pinyin(db):
    # Each word, or all of them joined: "cao mei" finds 草莓, "dole banana" both words.
    assert query_words("ｃａｏ mei 500g 丹东 hong fu") == [
        ["cao", "caomei"], ["mei", "caomei"], ["500g"], ["丹东"],
        ["hong", "hongfu"], ["fu", "hongfu"],
    ]  # fmt: skip
    # Only spaces join them: a comma, a number or a Chinese word between them does not.
    assert query_words("cao，mei") == [["cao"], ["mei"]]
    assert query_words("cao 2 mei 丹东 fu") == [["cao"], ["2"], ["mei"], ["丹东"], ["fu"]]


def test_saving_or_deleting_a_group_changes_cached_results_at_once(search_catalogue):
    assert search_skus("士多啤梨")["total"] == 0  # cached now
    group = SynonymGroup.objects.create(words="草莓 士多啤梨")
    assert search_skus("士多啤梨")["total"] == 2
    group.delete()
    assert search_skus("士多啤梨")["total"] == 0
