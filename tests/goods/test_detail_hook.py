"""Plugins add entries to a SKU's detail data through ``shopkit_sku_detail``."""

from shopkit import hookimpl
from shopkit.goods import services


class Badge:
    def __init__(self, value):
        self.value = value

    @hookimpl
    def shopkit_sku_detail(self, sku):
        return {"badge": f"{self.value} {sku.pk}", "name": "overridden?"}


class Quiet:
    @hookimpl
    def shopkit_sku_detail(self, sku):
        return None


def test_plugins_add_entries_and_the_later_one_wins(fruit, shopkit_plugin):
    apple = fruit["apples"][0]
    shopkit_plugin(Badge("first"), name="first-badge")
    shopkit_plugin(Quiet(), name="quiet")
    shopkit_plugin(Badge("second"), name="second-badge")
    detail = services.sku_detail(apple.pk)
    assert detail["badge"] == f"second {apple.pk}"
    assert detail["name"] == apple.name  # shopkit's own keys are never replaced


def test_the_built_in_orders_plugin_adds_comments(fruit):
    assert services.sku_detail(fruit["apples"][0].pk)["comments"] == []
