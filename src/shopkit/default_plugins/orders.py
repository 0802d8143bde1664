"""The built-in orders plugin: shoppers' comments on a SKU's detail page."""

from collections.abc import Mapping
from typing import Any

from shopkit import hookimpl
from shopkit.orders.comments import sku_comments


@hookimpl
def shopkit_sku_detail(sku: Any) -> Mapping[str, Any]:
    return {"comments": sku_comments(sku.pk)}
