"""Catalogue writes announce themselves after commit, one event per transaction."""

import pytest
from django.db import transaction

from shopkit import hookimpl
from shopkit.goods.models import SKU
from tests.fixtures.catalogue import make_skus

pytestmark = pytest.mark.django_db(transaction=True)


class Recorder:
    def __init__(self):
        self.events = []

    @hookimpl
    def shopkit_catalog_changed(self, instances):
        self.events.append(list(instances))


@pytest.fixture
def recorder(shopkit_plugin):
    return shopkit_plugin(Recorder(), name="catalog-recorder")


def test_changes_of_one_transaction_are_announced_together_after_commit(fruit, recorder):
    apples = fruit["apples"]
    with transaction.atomic():
        for apple in apples:
            apple.price += 1
            apple.save()
        assert recorder.events == []
    assert [[sku.pk for sku in event] for event in recorder.events] == [[a.pk for a in apples]]


def test_a_rolled_back_transaction_announces_nothing(fruit, recorder):
    with pytest.raises(RuntimeError), transaction.atomic():
        fruit["apples"][0].save()
        raise RuntimeError
    fruit["apples"][1].save()  # autocommit: announced alone
    assert [[sku.pk for sku in event] for event in recorder.events] == [[fruit["apples"][1].pk]]


def test_a_deleted_sku_is_announced_with_its_pk(fruit, recorder):
    apple = fruit["apples"][0]
    pk = apple.pk
    apple.delete()
    assert apple.pk is None
    [[announced]] = recorder.events
    assert isinstance(announced, SKU) and announced.pk == pk


def test_each_announced_copy_keeps_the_state_of_its_save(fruit, recorder):
    with transaction.atomic():
        [kiwi] = make_skus(fruit["category"], 1, prefix="猕猴桃")
        kiwi.save()
    first, second = [i for i in recorder.events[0] if isinstance(i, SKU)]
    assert first._shopkit_previous is None
    assert second._shopkit_previous == (kiwi.category_id, True)


def test_a_change_a_rolled_back_savepoint_undid_is_left_out(fruit, recorder):
    first, second, third = fruit["apples"]
    with transaction.atomic():
        first.save()
        with pytest.raises(RuntimeError), transaction.atomic():
            second.save()
            raise RuntimeError
        with transaction.atomic():  # released: its change stays
            third.save()
    assert [[sku.pk for sku in event] for event in recorder.events] == [[first.pk, third.pk]]


def test_a_transaction_whose_changes_were_all_undone_announces_nothing(fruit, recorder):
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            fruit["apples"][0].save()
            raise RuntimeError
    assert recorder.events == []
