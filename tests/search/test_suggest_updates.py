"""Suggestions stay current without a shopper paying for a rebuild (issue 16, point 5).

After a catalogue change, each worker's table is brought up to date by its
background updater while lookups answer from the table they have; the
process that refreshed the index updates its own table at once; a worker
with no table loads the one stored in the cache; with the cache down, the
table is re-read from the database every few seconds. These tests drive the
module's state directly (``suggest._table``, ``suggest.updater``) and use
committed data (``transaction=True``): the updater reads with a connection
of its own.
"""

from __future__ import annotations

import random
import threading
import time

import pytest
from django.db import OperationalError

from shopkit.goods.models import SKU
from shopkit.goods.page_cache import invalidate
from shopkit.search import suggest
from shopkit.search.services import INDEX_TAG, search_suggestions
from tests.fixtures.catalogue import make_skus


def names(query):
    return [row["text"] for row in search_suggestions(query)]


@pytest.fixture(autouse=True)
def fresh_worker():
    """Each test starts as a worker that has no table yet, and leaves none behind."""
    suggest.updater.wait(10)
    suggest._table = suggest.SuggestionTable()
    yield
    assert suggest.updater.wait(10), "the updater did not finish"
    suggest._table = suggest.SuggestionTable()


def changed_elsewhere(pk, **fields):
    """A change made by another process: the row is written and the index tag
    bumped, and this process hears of it only through the generation."""
    for _attempt in range(50):
        try:
            SKU.objects.filter(pk=pk).update(**fields)
            break
        except OperationalError:  # the test database's tables lock while the updater reads
            time.sleep(0.02)
    else:
        raise AssertionError("the SKU table stayed locked")
    invalidate({INDEX_TAG})


pytestmark = pytest.mark.django_db(transaction=True)


def test_a_change_in_another_process_is_suggested_once_the_updater_is_done(fruit):
    assert names("mht") == []
    [apple, *_] = fruit["apples"]
    changed_elsewhere(apple.pk, name="猕猴桃 1号")
    names("mht")  # answered from the table it has; starts the updater
    assert suggest.updater.wait(10)
    assert names("mht") == ["猕猴桃 1号"]
    changed_elsewhere(apple.pk, is_launched=False)
    names("mht")
    assert suggest.updater.wait(10)
    assert names("mht") == []


def test_a_change_saved_in_this_process_is_suggested_at_once(fruit):
    assert names("nai") == []
    berry = fruit["berries"]["500g"]
    berry.name = "奶油草莓 500g"
    berry.save()  # refreshes the index here (eager task): this table is updated too
    assert names("nai") == ["奶油草莓 500g"]
    assert suggest._table.generation == suggest.current_generation()


def test_a_lookup_during_an_update_answers_from_the_old_table_without_waiting(fruit, monkeypatch):
    assert names("草莓")[0] == "草莓"
    release, started = threading.Event(), threading.Event()
    real_resync = suggest.resync

    def slow_resync(table, generation):
        started.set()
        assert release.wait(20)
        return real_resync(table, generation)

    monkeypatch.setattr(suggest, "resync", slow_resync)
    changed_elsewhere(fruit["berries"]["500g"].pk, name="奶油草莓 500g")
    began = time.perf_counter()
    during = names("草莓")
    assert started.wait(10)
    for _ in range(20):  # lookups while the update is held
        assert names("草莓") == during
    assert time.perf_counter() - began < 2.0
    assert "奶油草莓 500g" not in during and "新鲜草莓 500g" in during
    release.set()
    assert suggest.updater.wait(10)
    assert "奶油草莓 500g" in names("nai")
    assert "新鲜草莓 500g" not in names("新鲜")


def test_a_new_worker_loads_the_stored_table_and_brings_it_up_to_date(fruit, monkeypatch):
    assert names("cm")[0] == "草莓"  # the first worker builds the table and stores it
    assert isinstance(suggest._page_cache().get(suggest.TABLE_KEY), suggest.SuggestionTable)
    changed_elsewhere(fruit["apples"][0].pk, name="芒果 特选")
    suggest._table = suggest.SuggestionTable()  # another worker, just started

    def no_full_build(*args, **kwargs):
        raise AssertionError("the stored table should have been loaded")

    monkeypatch.setattr(suggest, "build_table", no_full_build)
    assert names("mg") == ["芒果 特选"]
    assert names("cm")[0] == "草莓"


def test_with_the_cache_down_suggestions_are_still_right(fruit, monkeypatch):
    from shopkit.core import backends

    class DownCache:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("cache down (test)")

            return fail

    monkeypatch.setattr(backends, "get_cache", lambda purpose: DownCache())
    monkeypatch.setattr(suggest, "OUTAGE_RESYNC_SECONDS", 0.2)
    assert names("cm")[0] == "草莓"  # no table, nothing stored: built here
    changed_elsewhere(fruit["apples"][0].pk, name="芒果 特选")  # the bump is lost
    deadline = time.monotonic() + 10
    while names("mg") != ["芒果 特选"]:
        assert time.monotonic() < deadline, "the change never showed"
        time.sleep(0.05)
    berry = fruit["berries"]["500g"]
    berry.name = "奶油草莓 500g"
    berry.save()  # refreshed here: shown at once, even with the cache down
    assert names("nai") == ["奶油草莓 500g"]


def test_lookups_from_many_threads_while_the_catalogue_changes(fruit):
    category = fruit["category"]
    make_skus(category, 5, prefix="火龙果")
    assert len(names("hlg")) == 6  # five SKUs and their SPU
    apples = fruit["apples"]
    errors: list[BaseException] = []
    stop = threading.Event()

    def shopper():
        try:
            while not stop.is_set():
                for query in ("hlg", "草", "cm", "芒", "mg", "苹果"):
                    found = names(query)
                    assert len(found) == len(set(found)) <= suggest.SUGGESTION_LIMIT
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=shopper) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        for number in range(15):
            apple = apples[number % len(apples)]
            changed_elsewhere(apple.pk, name=f"芒果 {number}")
            time.sleep(0.01)
    finally:
        stop.set()
        for thread in threads:
            thread.join(30)
    assert not errors, errors
    names("mg")
    assert suggest.updater.wait(10)
    assert sorted(names("mg")) == ["芒果 12", "芒果 13", "芒果 14"]
    assert names("pingguo") == ["苹果 SPU"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_table_updated_change_by_change_answers_as_one_built_afresh(fruit, monkeypatch, seed):
    """The overlay, and merging it into new sorted lists, lose and add nothing."""
    monkeypatch.setattr(suggest, "OVERLAY_LIMIT", 6)
    rng = random.Random(seed)
    category = fruit["category"]
    skus = make_skus(category, 6, prefix="蓝莓") + make_skus(category, 4, prefix="蓝色妖姬")
    skus += fruit["apples"]
    table = suggest.build_table(("test", 0))
    words = ["蓝莓", "黑莓", "草莓", "苹果", "香蕉", "芒果 特选", "蓝色"]
    for step in range(1, 30):
        sku = rng.choice(skus)
        fields = rng.choice(
            [
                {"name": f"{rng.choice(words)} {step}"},
                {"is_launched": rng.random() > 0.4},
                {"sales": rng.randint(0, 50)},
            ]
        )
        SKU.objects.filter(pk=sku.pk).update(**fields)
        rows = suggest.read_rows([sku.pk])
        table = suggest.apply_rows(table, ("test", step), {sku.pk: rows.get(sku.pk)})
        afresh = suggest.build_table(("test", step))
        for prefix in ("lan", "lm", "蓝", "c", "cm", "草", "p", "苹", "x", "mg", "特", "1", "2"):
            assert table.lookup(prefix, 20) == afresh.lookup(prefix, 20), (step, prefix)
