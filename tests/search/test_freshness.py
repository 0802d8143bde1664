"""Every catalogue write updates the index after commit: at once when Celery is
eager, through a worker when one is configured; and the rebuild commands."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from haystack import connections

from shopkit.goods.models import SKU
from shopkit.search.backends.haystack import HaystackSearchBackend
from tests.fixtures.catalogue import make_skus

pytestmark = pytest.mark.django_db(transaction=True)


def found(query, alias="default"):
    page = HaystackSearchBackend(alias).search(query, page=1, per_page=50)
    assert page.total == len(page.objects), "the index holds SKUs that are gone"
    return {sku.name for sku in page.objects}


def test_a_saved_sku_is_found_at_once(fruit, empty_index):
    [kiwi] = make_skus(fruit["category"], 1, prefix="猕猴桃")
    assert found("猕猴桃") == {kiwi.name}


def test_a_rename_replaces_the_old_words(fruit, empty_index):
    berry = fruit["berries"]["500g"]
    berry.name = "奶油草莓 750g"
    berry.save()
    assert found("奶油") == {"奶油草莓 750g"}
    assert found("500g") == set()


def test_unlaunching_and_relaunching_take_the_sku_out_and_back(fruit, empty_index):
    berry = fruit["berries"]["500g"]
    berry.save()
    assert berry.name in found("草莓")
    berry.is_launched = False
    berry.save()
    assert berry.name not in found("草莓")
    berry.is_launched = True
    berry.save()
    assert berry.name in found("草莓")


def test_a_deleted_sku_is_removed(fruit, empty_index):
    berry = fruit["berries"]["500g"]
    berry.save()
    berry.delete()
    assert found("草莓") == set()


def test_renaming_a_spu_or_category_reindexes_its_skus(fruit, empty_index):
    spu, category = fruit["spu"], fruit["category"]
    spu.name = "丹东红颜"
    spu.save()
    assert found("红颜") == {sku.name for sku in fruit["berries"].values()}
    category.name = "时令鲜果"
    category.save()
    assert len(found("鲜果")) == SKU.objects.count()


def test_haystack_rebuild_index_command_indexes_launched_skus(fruit, empty_index):
    SKU.objects.filter(pk=fruit["apples"][0].pk).update(is_launched=False)
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert found("苹果") == {apple.name for apple in fruit["apples"][1:]}


def test_shopkit_rebuild_search_shows_progress(fruit, empty_index):
    out = StringIO()
    call_command("shopkit_rebuild_search", stdout=out)
    assert re.search(r"\[#{30}\] 5/5", out.getvalue())
    assert "Indexed 5 SKUs." in out.getvalue()
    assert len(found("草莓 苹果") | found("草莓") | found("苹果")) == 5


@pytest.fixture
def worker_index(live_celery_worker, settings, monkeypatch):
    """A haystack connection reading the index the worker writes."""
    alias = "worker"
    settings.HAYSTACK_CONNECTIONS = {
        **settings.HAYSTACK_CONNECTIONS,
        alias: {
            **settings.HAYSTACK_CONNECTIONS["default"],
            "PATH": str(live_celery_worker.directory / "whoosh_index"),
        },
    }
    # haystack reads its connections once; show it the overridden ones.
    monkeypatch.setattr(connections, "connections_info", settings.HAYSTACK_CONNECTIONS)
    connections.reload(alias)
    yield alias
    connections.thread_local.connections.pop(alias, None)


@pytest.mark.services("celery", "postgres")
def test_a_worker_refreshes_the_index(fruit, settings, live_celery_worker, worker_index):
    settings.SHOPKIT_STATIC_INDEX_PATH = None
    with live_celery_worker.receiving_tasks():
        [kiwi] = make_skus(fruit["category"], 1, prefix="猕猴桃")
        assert found("猕猴桃") == set()  # not indexed by this process
        live_celery_worker.wait_for(lambda: found("猕猴桃", worker_index) == {kiwi.name})
        kiwi.delete()
        live_celery_worker.wait_for(lambda: found("猕猴桃", worker_index) == set())
    assert "refresh_search_index" in live_celery_worker.log()


def test_a_rebuild_makes_cached_results_stale(fruit, empty_index):
    from shopkit.search.services import rebuild_index, search_skus

    berry = fruit["berries"]["500g"]
    berry.save()
    assert berry.name in {card["name"] for card in search_skus("草莓")["skus"]}
    # A write that skips the model's signals: only the rebuild can bring it in.
    SKU.objects.filter(pk=berry.pk).update(name="猕猴桃 500g")
    rebuild_index()
    assert {card["name"] for card in search_skus("猕猴桃")["skus"]} == {"猕猴桃 500g"}
    # Still found by its SPU's words, and shown as it is now, not as cached.
    assert "猕猴桃 500g" in {card["name"] for card in search_skus("草莓")["skus"]}
